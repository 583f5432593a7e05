package io.sharedatomic.internal;

/**
 * Who owns what in a region: this process's owner token, and whether another token's owner is alive. Ownership words
 * in shared memory (a wide value's writer lock, a pool's owner slot) hold tokens; see {@link LeaseDescriptor} for why
 * a token's owner is judged dead only when it is.
 */
public interface Owners
{
    /**
     * The owners of a process-local region: this process is the only one, with token 1.
     */
    Owners PROCESS_LOCAL = new Owners()
    {
        @Override
        public long token(final long regionAddress)
        {
            return 1;
        }

        @Override
        public boolean isAlive(final long token)
        {
            return token == 1;
        }

        @Override
        public void registerOwnedWord(final long regionAddress, final long wordAddress)
        {
            // Nothing to wait for: no other process can take over in a process-local region.
        }
    };

    /**
     * This process's token, taking a lease on first use.
     *
     * @param regionAddress base address of a writable view of the region (the lease counter lives in its header).
     * @return the token: non-zero, and never the token of any other process, before or after.
     */
    long token(long regionAddress);

    /**
     * @param token a token read from an ownership word.
     * @return false only if no live process holds it: its owner died or closed the region, for good.
     */
    boolean isAlive(long token);

    /**
     * Names a word that holds this process's token only for a moment (a wide value's writer lock): when the last
     * view of the region closes, the lease is given up only after every such word stopped naming it, so no other
     * process takes over a lock a thread of this one still holds.
     *
     * @param regionAddress base address of the view the word was found through.
     * @param wordAddress   address of the word.
     */
    void registerOwnedWord(long regionAddress, long wordAddress);
}
