package io.sharedatomic.cluster;

import java.util.List;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;
import java.util.regex.Pattern;

import io.sharedatomic.cluster.internal.EtcdFailure;
import io.sharedatomic.cluster.internal.EtcdStore;

/**
 * The engine of a cluster value: a 64-bit word in etcd and the last value and revision this handle saw. A
 * read-modify-write is one transaction on that revision (If the value's revision is the one seen, and the operation's
 * key is new, Then write both, Else read both), retried with what the Else read: one round trip when nobody else wrote
 * in between.
 */
abstract sealed class ClusterWord permits ClusterLong, ClusterBoolean
{
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,19}");

    private final ClusterValues values;
    private final String name;
    private final String valueKey;
    /** The last value and revision seen, or null: read before the next write. */
    private volatile Seen seen;

    private record Seen(long value, long revision)
    {
    }

    ClusterWord(final ClusterValues values, final String name, final long value, final long revision)
    {
        this.values = values;
        this.name = name;
        this.valueKey = ClusterLayout.valueKey(values.spec().prefix(), name);
        this.seen = revision == 0 ? null : new Seen(value, revision);
    }

    static ClusterWord create(final ClusterValues values, final String name, final String type, final long value, final long revision)
    {
        return type.equals(ClusterLayout.LONG) ? new ClusterLong(values, name, value, revision) : new ClusterBoolean(values, name, value, revision);
    }

    abstract String type();

    /**
     * @return the entry name.
     */
    public final String name()
    {
        return name;
    }

    static byte[] encode(final String type, final long value)
    {
        return ClusterLayout.text(type.equals(ClusterLayout.LONG) ? Long.toString(value) : Boolean.toString(value != 0));
    }

    /**
     * @return the key of the value in etcd.
     */
    final String valueKey()
    {
        return valueKey;
    }

    final ClusterValues values()
    {
        return values;
    }

    /**
     * @throws ClusterException if the bytes are not a value of this type.
     */
    final long decode(final byte[] bytes)
    {
        final String text = ClusterLayout.text(bytes);
        if (type().equals(ClusterLayout.BOOLEAN))
        {
            if (text.equals("true") || text.equals("false"))
            {
                return text.equals("true") ? 1 : 0;
            }
        }
        else if (DECIMAL.matcher(text).matches())
        {
            try
            {
                return Long.parseLong(text);
            }
            catch (final NumberFormatException ex)
            {
                // Refused below.
            }
        }
        throw new ClusterException("the value of '" + name + "' in etcd (" + valueKey + ") is '" + text + "', which is no " + type() +
            ": something other than shared-atomic wrote it", null);
    }

    void remember(final EtcdStore.Versioned value)
    {
        seen = value.present() ? new Seen(decode(value.value()), value.modRevision()) : null;
    }

    /**
     * A linearizable read.
     */
    final long read()
    {
        return readSeen().value();
    }

    /**
     * A linearizable read, remembered as the value seen.
     */
    private Seen readSeen()
    {
        final EtcdStore.Versioned value;
        try
        {
            value = values.store().get(valueKey);
        }
        catch (final EtcdFailure ex)
        {
            throw ClusterValues.readFailure(ex);
        }
        if (!value.present())
        {
            throw deleted();
        }
        final Seen read = new Seen(decode(value.value()), value.modRevision());
        seen = read;
        return read;
    }

    private ClusterException deleted()
    {
        return new ClusterException("'" + name + "' is no longer in etcd (" + valueKey + " was deleted with another tool)", null);
    }

    /**
     * Applies {@code function} atomically, exactly once.
     *
     * @return {previous, next}.
     */
    final long[] update(final LongUnaryOperator function)
    {
        return update(function, current -> true);
    }

    /**
     * Applies {@code function} atomically, exactly once, if {@code writeIf} holds for the value; otherwise writes nothing
     * and returns {value, value}, decided on a value read in this call (never on a cached one).
     *
     * @return {previous, next}.
     */
    final long[] update(final LongUnaryOperator function, final LongPredicate writeIf)
    {
        final OperationId operation = values.nextOperation();
        final String operationKey = ClusterLayout.operationKey(operation);
        final long lease = operation.lease();
        Seen current = seen;
        boolean fresh = false;
        if (current == null)
        {
            current = readSeen();
            fresh = true;
        }
        while (true)
        {
            if (!writeIf.test(current.value()))
            {
                if (fresh)
                {
                    return new long[]{current.value(), current.value()};
                }
                current = readSeen();
                fresh = true;
                continue;
            }
            final long next = function.applyAsLong(current.value());
            final EtcdStore.TxnResult result;
            try
            {
                result = values.store().txn(
                    List.of(new EtcdStore.ModRevisionIs(valueKey, current.revision()), new EtcdStore.CreateRevisionIs(operationKey, 0)),
                    List.of(new EtcdStore.Put(valueKey, encode(type(), next), 0),
                        new EtcdStore.Put(operationKey, ClusterLayout.text(current.value() + " " + next), lease)),
                    List.of(), List.of(valueKey, operationKey));
            }
            catch (final EtcdFailure ex)
            {
                seen = null;
                throw ClusterValues.writeFailure(ex, operation);
            }
            if (result.succeeded())
            {
                seen = new Seen(next, result.revision());
                return new long[]{current.value(), next};
            }
            final long[] landed = landedEarlier(result.gets().get(1), operation);
            if (landed != null)
            {
                return landed;
            }
            final EtcdStore.Versioned value = result.gets().get(0);
            if (!value.present())
            {
                throw deleted();
            }
            current = new Seen(decode(value.value()), value.modRevision());
            fresh = true;
            seen = current;
        }
    }

    /**
     * The operation's key exists although this call's transaction did not write it: the client's own retry of a
     * transaction that had landed (its first answer lost), or a resolve that fenced it.
     *
     * @return {previous, next} as recorded, or null if the key is absent.
     */
    private long[] landedEarlier(final EtcdStore.Versioned operationKey, final OperationId operation)
    {
        if (!operationKey.present())
        {
            return null;
        }
        seen = null;
        final String recorded = ClusterLayout.text(operationKey.value());
        if (recorded.equals(ClusterLayout.ABORTED))
        {
            throw new ClusterException("the write " + operation + " of '" + name + "' was fenced by resolve() while it was in flight; it did not land", null);
        }
        final String[] parts = recorded.split(" ");
        return new long[]{Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

    /**
     * Writes {@code update} if the value is {@code expected}, in one transaction on the value itself.
     *
     * @return the witness: {@code expected} if it wrote, else the value found.
     */
    final long compareAndExchangeWord(final long expected, final long update)
    {
        final OperationId operation = values.nextOperation();
        final String operationKey = ClusterLayout.operationKey(operation);
        final long lease = operation.lease();
        final EtcdStore.TxnResult result;
        try
        {
            result = values.store().txn(
                List.of(new EtcdStore.ValueIs(valueKey, encode(type(), expected)), new EtcdStore.CreateRevisionIs(operationKey, 0)),
                List.of(new EtcdStore.Put(valueKey, encode(type(), update), 0),
                    new EtcdStore.Put(operationKey, ClusterLayout.text(expected + " " + update), lease)),
                List.of(), List.of(valueKey, operationKey));
        }
        catch (final EtcdFailure ex)
        {
            seen = null;
            throw ClusterValues.writeFailure(ex, operation);
        }
        if (result.succeeded())
        {
            seen = new Seen(update, result.revision());
            return expected;
        }
        final long[] landed = landedEarlier(result.gets().get(1), operation);
        if (landed != null)
        {
            return landed[0];
        }
        final EtcdStore.Versioned value = result.gets().get(0);
        if (!value.present())
        {
            throw deleted();
        }
        final long witness = decode(value.value());
        seen = new Seen(witness, value.modRevision());
        if (witness == expected)
        {
            // The bytes differ but the number is the same ("+5" written by another tool): decide on the revision instead,
            // and write nothing if the value is no longer the expected one.
            return update(current -> update, current -> current == expected)[0];
        }
        return witness;
    }

    @Override
    public String toString()
    {
        final Seen last = seen;
        return name + (last == null ? "" : " (last seen " + (type().equals(ClusterLayout.LONG) ? Long.toString(last.value()) :
            Boolean.toString(last.value() != 0)) + " at revision " + last.revision() + ")");
    }
}
