package io.sharedatomic;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child JVM of the lease tests: {@code probe PATH TOKEN...} attaches read-only and prints {@code TOKEN=alive|dead} for each token,
 * as another process sees it; {@code write PATH NAME} sets a 64-byte wide value and prints {@code written}.
 */
final class LeaseProbeChildMain
{
    private LeaseProbeChildMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        switch (args[0])
        {
            case "probe":
                try (SharedRegion region = SharedRegion.attachReadOnly(Path.of(args[1])))
                {
                    final StringBuilder out = new StringBuilder();
                    for (int i = 2; i < args.length; i++)
                    {
                        final long token = Long.parseLong(args[i]);
                        out.append(token).append('=').append(region.isOwnerAlive(token) ? "alive" : "dead").append('\n');
                    }
                    System.out.print(out);
                    System.out.flush();
                }
                break;
            case "write":
                try (SharedRegion region = SharedRegion.attach(Path.of(args[1])))
                {
                    final SharedWideBytes wide = region.sharedWideBytes(args[2], 64, new byte[0]);
                    System.out.println("writing");
                    System.out.flush();
                    wide.set(new byte[]{9, 9, 9});
                    System.out.println("written");
                    System.out.flush();
                }
                break;
            case "rorw":
                rorw(Path.of(args[1]));
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }

    private static void await(final Path gate) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(gate) && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
    }

    /** Read-only attach without write permission, then read-write once allowed, closing in the order the parent says. */
    private static void rorw(final Path path) throws Exception
    {
        final Path dir = path.getParent();
        final SharedRegion ro = SharedRegion.attachReadOnly(path);
        System.out.println("ro " + ro.isReadOnly());
        System.out.flush();
        await(dir.resolve("go-rw"));
        final SharedRegion rw = SharedRegion.attach(path);
        final SharedWideBytes wide = rw.sharedWideBytes("w", 64, new byte[0]);
        wide.set(new byte[]{5});
        System.out.println("token " + rw.ownerToken());
        System.out.flush();
        await(dir.resolve("close-ro"));
        ro.close();
        System.out.println("closed-ro");
        System.out.flush();
        await(dir.resolve("close-rw"));
        rw.close();
        System.out.println("closed-rw");
        System.out.flush();
        await(dir.resolve("exit"));
    }
}
