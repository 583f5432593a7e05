/**
 * The JMH suite and the cross-process harness. Each benchmark class runs its baselines in the same run and names them
 * in {@link io.sharedatomic.benchmarks.Baselines}; methods are named {@code implementation_operation} so that the
 * report can pair each result with its baseline. {@link io.sharedatomic.benchmarks.RunAll} is the jar's main.
 *
 * <p>Why the classes carry no {@code @Fork(jvmArgsAppend = ...)}: the flags live once, in the parent pom's
 * {@code shared.atomic.jvm.args}; Maven filters them into {@code jvm-args.properties} and {@code RunAll} appends them
 * to every fork, so they are never copied by hand into an annotation that could drift from the pom.
 */
package io.sharedatomic.benchmarks;
