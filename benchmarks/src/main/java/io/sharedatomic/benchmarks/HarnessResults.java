package io.sharedatomic.benchmarks;

/**
 * What a harness that is not JMH measured, as {@link RunAll} prints and saves it.
 */
interface HarnessResults
{
    /**
     * @return the figures as a text table, for the console.
     */
    String toTable();

    /**
     * @return the figures as JSON, for the results directory and the report.
     */
    String toJson();
}
