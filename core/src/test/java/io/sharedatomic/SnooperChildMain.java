package io.sharedatomic;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two sides of {@link PermissionTest}'s race between a creator and a snooper of another user.
 *
 * <ul>
 * <li>{@code snoop DIR MARKER_HEX} (run as an unprivileged user): watches {@code DIR} in a tight loop (inotify events,
 *     and a full listing now and then) and opens every new file in it for reading, dot-files included, keeping each
 *     descriptor it gets. Prints {@code READY} once it watches. When a file named {@code STOP} appears it reads
 *     every file through the descriptors it holds and prints {@code OPENED name} for each it opened, {@code FOUND
 *     name} for each that contains the marker, then {@code SEEN s REGIONS r OPENED o DENIED d VANISHED v FOUND f}.</li>
 * <li>{@code create DIR COUNT MARKER_HEX} (run as the owner): creates {@code secret-i.region} with
 *     {@link SharedRegion#open(Path)} (owner-only by default) for i below COUNT and stores the marker in each as a
 *     wide {@link SharedBytes}; then a {@code canary.region} readable by all with the same marker, which the snooper
 *     must find, so that a snooper that finds nothing is known to work. Prints {@code CREATED n}.</li>
 * </ul>
 */
final class SnooperChildMain
{
    static final String STOP = "STOP";
    static final String CANARY = "canary.region";

    private SnooperChildMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path directory = Path.of(args[1]);
        switch (args[0])
        {
            case "snoop":
                snoop(directory, HexFormat.of().parseHex(args[2]));
                break;
            case "create":
                create(directory, Integer.parseInt(args[2]), HexFormat.of().parseHex(args[3]));
                break;
            default:
                throw new IllegalArgumentException("unknown command " + args[0]);
        }
        System.out.flush();
    }

    private static void create(final Path directory, final int count, final byte[] marker)
    {
        for (int i = 0; i < count; i++)
        {
            try (SharedRegion region = SharedRegion.open(directory.resolve("secret-" + i + ".region")))
            {
                region.sharedWideBytes("secret", marker.length, marker);
            }
        }
        final RegionSpec readableByAll = RegionSpec.defaults().withFilePermissions(PosixFilePermissions.fromString("rw-r--r--"));
        try (SharedRegion region = SharedRegion.open(directory.resolve(CANARY), readableByAll))
        {
            region.sharedWideBytes("secret", marker.length, marker);
        }
        System.out.println("CREATED " + count);
    }

    private static void snoop(final Path directory, final byte[] marker) throws IOException
    {
        final File watched = directory.toFile();
        final Set<String> seen = new HashSet<>();
        final Map<String, FileInputStream> opened = new LinkedHashMap<>();
        final int[] counts = new int[2];
        try (WatchService watcher = directory.getFileSystem().newWatchService())
        {
            // inotify tells of a new name soonest; polled without blocking, so that no thread has to be woken.
            directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
            boolean stop = false;
            boolean ready = false;
            long pass = 0;
            while (!stop)
            {
                final WatchKey key = watcher.poll();
                if (key != null)
                {
                    for (final WatchEvent<?> event : key.pollEvents())
                    {
                        if (event.context() instanceof Path name)
                        {
                            stop |= tryOpen(watched, name.toString(), seen, opened, counts);
                        }
                    }
                    key.reset();
                }
                // A full listing now and then, in case events were lost.
                if ((pass++ & 0xFFF) == 0)
                {
                    final String[] names = watched.list();
                    if (names == null)
                    {
                        throw new IOException("cannot list " + directory);
                    }
                    for (final String name : names)
                    {
                        stop |= tryOpen(watched, name, seen, opened, counts);
                    }
                }
                if (!ready)
                {
                    ready = true;
                    System.out.println("READY");
                    System.out.flush();
                }
            }
        }
        final int denied = counts[0];
        final int vanished = counts[1];

        final List<String> found = new ArrayList<>();
        for (final Map.Entry<String, FileInputStream> entry : opened.entrySet())
        {
            // The descriptor stays valid after the file is renamed, removed or made owner-only.
            final FileChannel channel = entry.getValue().getChannel();
            final ByteBuffer contents = ByteBuffer.allocate((int)Math.min(Integer.MAX_VALUE - 8, channel.size()));
            while (contents.hasRemaining() && channel.read(contents, contents.position()) > 0)
            {
                // read it all
            }
            if (contains(contents.array(), contents.position(), marker))
            {
                found.add(entry.getKey());
            }
            System.out.println("OPENED " + entry.getKey());
            entry.getValue().close();
        }
        for (final String name : found)
        {
            System.out.println("FOUND " + name);
        }
        final long regions = seen.stream().filter(name -> name.matches("secret-\\d+\\.region")).count();
        System.out.println("SEEN " + seen.size() + " REGIONS " + regions + " OPENED " + opened.size() + " DENIED " + denied + " VANISHED " +
            vanished + " FOUND " + found.size());
    }

    /**
     * Opens a file not seen before and keeps the descriptor.
     *
     * @return whether it is the stop file.
     */
    private static boolean tryOpen(final File directory, final String name, final Set<String> seen, final Map<String, FileInputStream> opened,
        final int[] deniedAndVanished)
    {
        if (!seen.add(name))
        {
            return false;
        }
        if (name.equals(STOP))
        {
            return true;
        }
        try
        {
            opened.put(name, new FileInputStream(new File(directory, name)));
        }
        catch (final FileNotFoundException ex)
        {
            // Both "Permission denied" and a file renamed or removed since it was seen end up here.
            deniedAndVanished[ex.getMessage() != null && ex.getMessage().contains("Permission denied") ? 0 : 1]++;
        }
        return false;
    }

    private static boolean contains(final byte[] bytes, final int length, final byte[] marker)
    {
        outer:
        for (int i = 0; i + marker.length <= length; i++)
        {
            for (int j = 0; j < marker.length; j++)
            {
                if (bytes[i + j] != marker[j])
                {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
