/**
 * shared-atomic: typed atomic values in memory-mapped files, shared by the threads of one JVM and by separate
 * processes on the same host.
 *
 * <p>A {@link io.sharedatomic.SharedRegion} is one file (or a process-local block of memory) holding named entries;
 * {@link io.sharedatomic.SharedRegion#sharedLong(String)} and its siblings create an entry on first use or attach to
 * it, from any process. The handles ({@link io.sharedatomic.SharedLong}, {@link io.sharedatomic.SharedULong},
 * {@link io.sharedatomic.SharedDouble}, {@link io.sharedatomic.SharedBoolean}) offer the original Python
 * shared_atomic's operations under {@link java.util.concurrent.atomic.AtomicLong}'s names, each one native atomic
 * instruction where the hardware has one.
 */
package io.sharedatomic;
