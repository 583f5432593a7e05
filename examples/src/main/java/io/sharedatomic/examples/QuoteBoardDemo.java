package io.sharedatomic.examples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import io.sharedatomic.SharedRegion;
import io.sharedatomic.SharedWideString;
import io.sharedatomic.testkit.ChildJvm;

/**
 * A quote board with a crashing writer: a writer process publishes {@link SharedWideString} quotes, reader
 * processes display and check them, the demo kills the writer with {@code kill -9} mid-stream and starts another,
 * which carries on from the last complete quote. Every quote carries its own checksum, so a torn read would show.
 *
 * <pre>
 * QuoteBoardDemo [--readers N] [--millis M]      (defaults: 2 readers, 1500 ms per writer)
 * </pre>
 */
public final class QuoteBoardDemo
{
    static final String QUOTE = "quote.EURUSD";
    private static final int CAPACITY = 256;

    private QuoteBoardDemo()
    {
    }

    /**
     * What a run measured.
     *
     * @param reads          quotes read by all readers.
     * @param torn           quotes that failed their checksum (must be 0).
     * @param backwards      times a reader saw the sequence go back (must be 0).
     * @param killedAt       sequence of the last quote when the first writer was killed.
     * @param finalSequence  sequence of the last quote at the end.
     * @param samples        a few quotes as the readers displayed them.
     */
    record Result(long reads, long torn, long backwards, long killedAt, long finalSequence, List<String> samples)
    {
        boolean passed()
        {
            return reads > 0 && torn == 0 && backwards == 0 && finalSequence > killedAt;
        }
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length > 0 && "writer".equals(args[0]))
        {
            write(Path.of(args[1]));
            return;
        }
        if (args.length > 0 && "reader".equals(args[0]))
        {
            read(Path.of(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]));
            return;
        }
        int readers = 2;
        long millis = 1500;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--readers" -> readers = Integer.parseInt(args[++i]);
                case "--millis" -> millis = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        final Result result = run(readers, millis);
        result.samples().forEach(sample -> System.out.println("  " + sample));
        System.out.printf("writer 1 killed with kill -9 at sequence %,d; writer 2 carried on to %,d%n", result.killedAt(),
            result.finalSequence());
        System.out.printf("%d readers read %,d quotes: %d torn, %d out of order%n", readers, result.reads(), result.torn(),
            result.backwards());
        if (!result.passed())
        {
            System.out.println("FAILED: a reader saw a torn or stale quote, or the second writer did not carry on");
            System.exit(1);
        }
    }

    static Result run(final int readers, final long millis) throws Exception
    {
        final Path directory = Files.createTempDirectory("shared-atomic-quotes");
        final Path path = directory.resolve("quotes.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedWideString quote = region.sharedWideString(QUOTE, CAPACITY, StandardCharsets.UTF_8, format(0));
            final List<ChildJvm> readerJvms = new ArrayList<>();
            for (int i = 0; i < readers; i++)
            {
                readerJvms.add(ChildJvm.start(QuoteBoardDemo.class, "reader", path.toString(), Long.toString(3 * millis + 4000),
                    Integer.toString(i)));
            }
            final ChildJvm first = startWriter(path);
            Thread.sleep(millis);
            first.kill();
            final long killedAt = sequence(quote.get());
            final ChildJvm second = startWriter(path);
            Thread.sleep(millis);
            second.kill();
            final long finalSequence = sequence(quote.get());

            long reads = 0;
            long torn = 0;
            long backwards = 0;
            final List<String> samples = new ArrayList<>();
            for (final ChildJvm reader : readerJvms)
            {
                for (final String line : reader.await(Duration.ofMinutes(2)).assertSuccess().stdout().split("\n"))
                {
                    if (line.startsWith("SAMPLE "))
                    {
                        samples.add(line.substring("SAMPLE ".length()));
                    }
                    else if (line.startsWith("STATS "))
                    {
                        final String[] stats = line.split(" ");
                        reads += Long.parseLong(stats[1]);
                        torn += Long.parseLong(stats[2]);
                        backwards += Long.parseLong(stats[3]);
                    }
                }
            }
            return new Result(reads, torn, backwards, killedAt, finalSequence, samples);
        }
        finally
        {
            Files.deleteIfExists(path);
            Files.deleteIfExists(directory);
        }
    }

    private static ChildJvm startWriter(final Path path) throws Exception
    {
        final ChildJvm writer = ChildJvm.start(QuoteBoardDemo.class, "writer", path.toString());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!writer.stdoutSoFar().contains("started"))
        {
            if (System.nanoTime() > deadline || !writer.process().isAlive())
            {
                throw new IllegalStateException("the writer did not start");
            }
            Thread.sleep(5);
        }
        return writer;
    }

    /** A quote with a checksum of its own text, so a mix of two quotes cannot pass. */
    static String format(final long sequence)
    {
        final double mid = 1.08 + (sequence % 1000) / 100_000.0;
        final String body = String.format(Locale.ROOT, "EURUSD seq=%d bid=%.5f ask=%.5f venue=demo-%d", sequence, mid - 0.00002,
            mid + 0.00002, sequence % 7);
        return body + " crc=" + Long.toHexString(crc(body));
    }

    /**
     * @return the quote's sequence number.
     * @throws IllegalStateException if the quote is torn.
     */
    static long sequence(final String quote)
    {
        final int crcAt = quote.lastIndexOf(" crc=");
        if (crcAt < 0 || !Long.toHexString(crc(quote.substring(0, crcAt))).equals(quote.substring(crcAt + 5)))
        {
            throw new IllegalStateException("torn quote: " + quote);
        }
        final int seqAt = quote.indexOf("seq=") + 4;
        return Long.parseLong(quote.substring(seqAt, quote.indexOf(' ', seqAt)));
    }

    private static long crc(final String text)
    {
        final CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    private static void write(final Path path)
    {
        final SharedRegion region = SharedRegion.attach(path);
        final SharedWideString quote = region.sharedWideString(QUOTE, CAPACITY, StandardCharsets.UTF_8, format(0));
        long sequence = sequence(quote.get());
        System.out.println("started");
        System.out.flush();
        while (true)
        {
            quote.set(format(++sequence));
        }
    }

    private static void read(final Path path, final long millis, final int id)
    {
        try (SharedRegion region = SharedRegion.attachReadOnly(path))
        {
            final SharedWideString quote = region.sharedWideString(QUOTE, CAPACITY, StandardCharsets.UTF_8, format(0));
            final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            long nextSample = System.nanoTime();
            long reads = 0;
            long torn = 0;
            long backwards = 0;
            long last = -1;
            while (System.nanoTime() < end)
            {
                final String current = quote.get();
                reads++;
                try
                {
                    final long sequence = sequence(current);
                    backwards += sequence < last ? 1 : 0;
                    last = sequence;
                }
                catch (final IllegalStateException ex)
                {
                    torn++;
                }
                if (System.nanoTime() >= nextSample)
                {
                    System.out.println("SAMPLE reader " + id + " sees: " + current);
                    nextSample = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000);
                }
            }
            System.out.println("STATS " + reads + " " + torn + " " + backwards);
        }
    }
}
