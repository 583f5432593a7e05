package io.sharedatomic.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CounterDemoTest
{
    @Test
    void shouldCountExactlyAcrossTwoJvms() throws Exception
    {
        final CounterDemo.Result result = CounterDemo.run(2, 200_000);

        assertEquals(400_000, result.expected());
        assertEquals(400_000, result.total());
        assertTrue(result.elapsed().toNanos() > 0);
    }
}
