package io.sharedatomic.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ways two processes sharing one region file can see each other differently, each of which breaks a liveness
 * check based on pids, {@code /proc} or start times; a test launches its first and second child JVM as
 * {@link #first} and {@link #second} say. Each needs root and some commands: see {@link #unavailableBecause()}.
 */
public enum Deployment
{
    /** Two containers sharing {@code /dev/shm}: each JVM is pid 1 of its own PID namespace and sees no other process. */
    SEPARATE_PID_NAMESPACES(false, "unshare")
    {
        @Override
        public ChildJvm.Launcher first(final ChildJvm.Launcher launcher)
        {
            return launcher.inOwnPidNamespace();
        }

        @Override
        public ChildJvm.Launcher second(final ChildJvm.Launcher launcher)
        {
            return launcher.inOwnPidNamespace();
        }
    },
    /** A hardened host ({@code hidepid=2}, or systemd's {@code ProtectProc=invisible}) and two users (65533, 65534). */
    OTHER_USERS_BEHIND_HIDDEN_PROC(true, "unshare", "mount", "setpriv")
    {
        @Override
        public ChildJvm.Launcher first(final ChildJvm.Launcher launcher)
        {
            return launcher.withProcHiddenFromOtherUsers().asUser(OTHER_USER, OTHER_USER);
        }

        @Override
        public ChildJvm.Launcher second(final ChildJvm.Launcher launcher)
        {
            return launcher.withProcHiddenFromOtherUsers().asUser(NOBODY, NOBODY);
        }
    },
    /**
     * A step of the host clock between the two JVMs' starts: the second sees another boot time in {@code /proc/stat},
     * from which the JDK derives every process's start time.
     */
    DIFFERENT_BOOT_TIMES(false, "unshare", "mount", "sed")
    {
        @Override
        public ChildJvm.Launcher first(final ChildJvm.Launcher launcher)
        {
            return launcher;
        }

        @Override
        public ChildJvm.Launcher second(final ChildJvm.Launcher launcher)
        {
            try
            {
                return launcher.withBootTime(OTHER_BOOT_TIME);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    };

    /** The user and group "nobody". */
    public static final int NOBODY = 65534;
    /** A second unprivileged user, with no entry in /etc/passwd: ids are all the kernel needs. */
    public static final int OTHER_USER = 65533;
    /** 2001-09-09: a boot time far from the real one. */
    private static final long OTHER_BOOT_TIME = 1_000_000_000L;

    private final boolean otherUsers;
    private final List<String> tools;

    Deployment(final boolean otherUsers, final String... tools)
    {
        this.otherUsers = otherUsers;
        this.tools = List.of(tools);
    }

    /**
     * @param launcher the launch of the first child JVM.
     * @return it, set up for this deployment.
     */
    public abstract ChildJvm.Launcher first(ChildJvm.Launcher launcher);

    /**
     * @param launcher the launch of the second child JVM.
     * @return it, set up for this deployment.
     */
    public abstract ChildJvm.Launcher second(ChildJvm.Launcher launcher);

    /**
     * @return why this deployment cannot be made here (not root, or a command missing), or empty if it can.
     */
    public Optional<String> unavailableBecause()
    {
        if (!ChildJvm.runningAsRoot())
        {
            return Optional.of(this + " needs root to create namespaces, mount /proc and switch users");
        }
        for (final String tool : tools)
        {
            if (!ChildJvm.hasTool(tool))
            {
                return Optional.of(this + " needs the " + tool + " command");
            }
        }
        return Optional.empty();
    }

    /**
     * A directory for the shared region file in {@code tempDir}, which the children's users may use.
     *
     * @param tempDir a test's temporary directory.
     * @return the directory.
     * @throws IOException if it cannot be made.
     */
    public Path sharedDirectory(final Path tempDir) throws IOException
    {
        final Path directory = Files.createDirectories(tempDir.resolve("shared"));
        if (otherUsers)
        {
            Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        return directory;
    }

    /**
     * @return the mode of the shared region file: readable and writable by the children's users.
     */
    public Set<PosixFilePermission> filePermissions()
    {
        return PosixFilePermissions.fromString(otherUsers ? "rw-rw-rw-" : "rw-------");
    }
}
