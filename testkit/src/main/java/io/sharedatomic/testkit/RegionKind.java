package io.sharedatomic.testkit;

import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The two kinds of region a contract test runs over, with {@code @EnumSource(RegionKind.class)}: process-local memory
 * and a mapped file.
 *
 * <p>The testkit does not depend on core (core's tests depend on the testkit), so a kind does not know how to make a
 * region: the test passes the two ways, and the kind picks one.
 * <pre>{@code
 * try (SharedRegion region = kind.open(tempDir, SharedRegion::inMemory, SharedRegion::open))
 * try (SharedRegion region = kind.open(tempDir, spec, SharedRegion::inMemory, SharedRegion::open))
 * try (SharedRegion second = kind.second(tempDir, region, SharedRegion::attach))
 * }</pre>
 */
public enum RegionKind
{
    IN_MEMORY,
    FILE;

    /** Name of the region file in the test's directory. */
    public static final String FILE_NAME = "r.region";

    /**
     * @param directory the test's directory.
     * @return where a region of kind {@link #FILE} lives.
     */
    public static Path file(final Path directory)
    {
        return directory.resolve(FILE_NAME);
    }

    /**
     * Makes a region of this kind.
     *
     * @param directory the test's directory, for {@link #FILE}.
     * @param inMemory  makes an in-memory region.
     * @param inFile    makes (or attaches) the region of a file.
     * @param <R>       the region type.
     * @return the region.
     */
    public <R> R open(final Path directory, final Supplier<? extends R> inMemory, final Function<? super Path, ? extends R> inFile)
    {
        return this == IN_MEMORY ? inMemory.get() : inFile.apply(file(directory));
    }

    /**
     * Makes a region of this kind with a spec.
     *
     * @param directory the test's directory, for {@link #FILE}.
     * @param spec      the region's spec.
     * @param inMemory  makes an in-memory region of a spec.
     * @param inFile    makes (or attaches) the region of a file, of a spec.
     * @param <S>       the spec type.
     * @param <R>       the region type.
     * @return the region.
     */
    public <S, R> R open(final Path directory, final S spec, final Function<? super S, ? extends R> inMemory,
        final BiFunction<? super Path, ? super S, ? extends R> inFile)
    {
        return this == IN_MEMORY ? inMemory.apply(spec) : inFile.apply(file(directory), spec);
    }

    /**
     * A second view of the same values: the region itself in memory, a second mapping of the file otherwise.
     *
     * @param directory the test's directory, for {@link #FILE}.
     * @param region    the region made by {@link #open}.
     * @param attach    attaches the region of a file.
     * @param <R>       the region type.
     * @return the second view.
     */
    public <R> R second(final Path directory, final R region, final Function<? super Path, ? extends R> attach)
    {
        return this == IN_MEMORY ? region : attach.apply(file(directory));
    }
}
