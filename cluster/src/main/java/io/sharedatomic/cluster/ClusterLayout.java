package io.sharedatomic.cluster;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Where the cluster values live in etcd, under a prefix ({@link ClusterSpec#prefix()}, {@code /shared-atomic/} unless
 * set), readable with {@code etcdctl get --prefix /shared-atomic/}:
 *
 * <pre>
 * PREFIX types/NAME                    "long" or "boolean": written once, by the Txn that creates the value
 * PREFIX values/NAME                   the value as text: a long in decimal ("42"), a boolean as "true" or "false"
 * PREFIX operations/CLIENT/SEQUENCE    one per write: "PREVIOUS NEXT" (the value it replaced and the one it wrote), or
 *                                      "aborted" once resolve() fenced it; on a lease that ends after the resolve window
 * PREFIX budgets/NAME/version          empty; rewritten by every change of a holding, so a reservation's Txn can require
 *                                      that no holding grew since it summed them (the limit is values/NAME)
 * PREFIX budgets/NAME/holders/LEASE    what one host holds of the budget NAME, in decimal, on that host's lease (LEASE in
 *                                      hex): it disappears, and the amount comes back, when the lease ends
 * </pre>
 *
 * Every write is one Txn that also creates its operation key and requires that key to be absent, so the same operation
 * can land at most once (a retry inside the client finds its key and reports the first landing), and a resolve that
 * creates the key first ("aborted") keeps the operation from ever landing.
 */
public final class ClusterLayout
{
    /** The longest entry name, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 256;
    static final String LONG = "long";
    static final String BOOLEAN = "boolean";
    static final String ABORTED = "aborted";

    private ClusterLayout()
    {
    }

    static String typeKey(final String prefix, final String name)
    {
        return prefix + "types/" + name;
    }

    static String valueKey(final String prefix, final String name)
    {
        return prefix + "values/" + name;
    }

    static String operationKey(final OperationId id)
    {
        return id.prefix() + "operations/" + id.client() + "/" + id.sequence();
    }

    static String budgetPrefix(final String prefix, final String name)
    {
        return prefix + "budgets/" + name + "/";
    }

    static String budgetVersionKey(final String prefix, final String name)
    {
        return budgetPrefix(prefix, name) + "version";
    }

    static String budgetHoldersPrefix(final String prefix, final String name)
    {
        return budgetPrefix(prefix, name) + "holders/";
    }

    static byte[] text(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * @throws IllegalArgumentException if the name is empty, too long, not encodable, or has a control character or a '/'.
     */
    static void checkName(final String name)
    {
        if (name == null || name.isEmpty())
        {
            throw new IllegalArgumentException("a cluster value needs a name");
        }
        final int length;
        try
        {
            length = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(name)).remaining();
        }
        catch (final CharacterCodingException ex)
        {
            throw new IllegalArgumentException("name has an unpaired surrogate, which UTF-8 cannot encode: " + ex.getMessage());
        }
        if (name.indexOf('/') >= 0)
        {
            // Keys are PREFIX values/NAME: a '/' would let names of one prefix meet those of a longer one.
            throw new IllegalArgumentException("name '" + name + "' has a '/'; use '.' to make groups, as in desk.ny.halt");
        }
        if (length > MAX_NAME_BYTES)
        {
            throw new IllegalArgumentException("name of " + length + " UTF-8 bytes is longer than " + MAX_NAME_BYTES + ": " +
                name.substring(0, 32) + "...");
        }
        for (int i = 0; i < name.length(); i++)
        {
            if (Character.isISOControl(name.charAt(i)))
            {
                throw new IllegalArgumentException("name '" + name.replaceAll("\\p{Cntrl}", "?") + "' has a control character");
            }
        }
    }
}
