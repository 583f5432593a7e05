package io.sharedatomic.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sharedatomic.testkit.EtcdCluster;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every demo runs here with small sizes and must pass its own checks.
 */
class DemosTest
{
    @Test
    void shouldReachTheOriginalsExactValue() throws Exception
    {
        final OriginalDemo.Result result = OriginalDemo.run(2, 5_000);

        assertEquals(27411031864108609L, result.expected());
        assertEquals(27411031864108609L, result.value());
        assertEquals("00616230312fe641", result.hex());
    }

    @Test
    void shouldKeepThePositionWithinTheLimitAndStopEveryTraderOnTheKillSwitch() throws Exception
    {
        final RiskLimitDemo.Result result = RiskLimitDemo.run(2, 300, 3_000, true);

        assertTrue(result.passed(), result.toString());
        assertEquals(0, result.violations());
        assertTrue(result.maxPosition() <= 3_000);
        assertTrue(result.rejected() > 0, "the limit was reached at least once");
        assertTrue(result.latency().getTotalCount() >= result.orders());
        assertEquals(2, result.pinningNotes().size(), "each trader says once whether it is pinned");
    }

    @Test
    void shouldNeverGiveOneIdToTwoProcessesNorLoseOne() throws Exception
    {
        final OrderIdAllocatorDemo.Result result = OrderIdAllocatorDemo.run(4, 256, 500);

        assertTrue(result.passed(), result.toString());
        assertEquals(0, result.conflicts());
        assertEquals(0, result.leftClaimed());
        assertEquals(result.claims(), result.releases());
        assertTrue(result.fullEvents() > 0, "4 processes holding 80 ids each fill 256 ids");
    }

    @Test
    void shouldNeverShowATornQuoteAcrossAWriterKilledMidStream() throws Exception
    {
        final QuoteBoardDemo.Result result = QuoteBoardDemo.run(1, 400);

        assertTrue(result.passed(), result.toString());
        assertEquals(0, result.torn());
        assertEquals(0, result.backwards());
        assertTrue(result.finalSequence() > result.killedAt());
    }

    @Test
    void shouldStopEveryTraderOnEveryHostWhenTheFirmWideSwitchTrips() throws Exception
    {
        EtcdCluster.availability().ifPresent(why ->
        {
            if (EtcdCluster.required())
            {
                fail("etcd is required (-D" + EtcdCluster.REQUIRED_PROPERTY + "=true) but " + why);
            }
            Assumptions.abort("skipped: " + why);
        });
        final FirmKillSwitchDemo.Result result = FirmKillSwitchDemo.run(2, 2, 3000, 20_000);

        assertTrue(result.passed(), result.toString());
        assertEquals(4, result.traders());
        assertEquals(0, result.duplicates(), "no order id used twice");
        assertEquals(0, result.earlyStops(), "killing the etcd leader stopped no trader");
        assertTrue(result.spent() <= result.limit());
        assertTrue(result.rejected() > 0, "the limit was reached");
        assertTrue(result.slowestStop().compareTo(FirmKillSwitchDemo.STOP_BOUND) <= 0, result.toString());
    }
}
