/**
 * Micrometer support: {@link io.sharedatomic.metrics.SharedRegionMetrics} binds a region's values to a
 * {@code MeterRegistry}, so that any Micrometer application (Spring Boot's actuator, a Prometheus registry) exposes
 * them with one line.
 */
package io.sharedatomic.metrics;
