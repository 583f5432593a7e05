package io.sharedatomic.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVMs a test started, so that a failed test leaves no stopped or waiting JVM behind: close it after each
 * test (an {@code @AfterEach}).
 */
public final class ChildJvms implements AutoCloseable
{
    private final List<ChildJvm> children = new ArrayList<>();

    /**
     * @param child a child just started.
     * @return the same child.
     */
    public ChildJvm track(final ChildJvm child)
    {
        children.add(child);
        return child;
    }

    /**
     * Kills every child still running (with whatever it started) and removes their output files.
     *
     * @throws IOException if output files cannot be removed.
     */
    @Override
    public void close() throws IOException
    {
        for (final ChildJvm child : children)
        {
            child.close();
        }
        children.clear();
    }
}
