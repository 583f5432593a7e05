package io.sharedatomic.layout;

/**
 * The kinds of value an entry record can describe, with the type id each record stores and the rule for the rest of
 * its shape. One row per kind: what creation may write is exactly what attach accepts, and a record that fits no row
 * is a corrupt or foreign file.
 *
 * <pre>
 *   id  kind         value length                         parameter                format
 *   1   LONG         8                                    0                        empty
 *   2   ULONG        8                                    0                        empty
 *   3   DOUBLE       8                                    0                        empty
 *   4   BOOLEAN      8                                    0                        empty
 *   5   BYTES        8                                    width: 1, 2, 4 or 8      any (a structure's tag)
 *   6   STRING       8                                    width: 2, 4 or 8         a charset name
 *   7   WIDE_BYTES   WideValueDescriptor.valueLength(c)   capacity c: 9..2^24      any (a structure's tag)
 *   8   WIDE_STRING  WideValueDescriptor.valueLength(c)   capacity c: 8..2^24      a charset name
 *   9   LONG_ARRAY   8 * n                                length n: 1..2^28        any (a structure's tag)
 * </pre>
 *
 * Ids are part of the file layout and never change; a new kind takes the next id.
 */
public enum EntryType
{
    LONG(1, null),
    ULONG(2, null),
    DOUBLE(3, null),
    BOOLEAN(4, null),
    BYTES(5, "width"),
    STRING(6, "width"),
    WIDE_BYTES(7, "capacity"),
    WIDE_STRING(8, "capacity"),
    LONG_ARRAY(9, "length");

    /** Most words of a {@link #LONG_ARRAY}: 2 GiB, enough for a bitmap of 2^34 bits. */
    public static final int MAX_ARRAY_LENGTH = 1 << 28;
    /** Fewest bytes of a {@link #WIDE_BYTES} value: fewer fit one word. */
    public static final int MIN_WIDE_BYTES_CAPACITY = Long.BYTES + 1;
    /** Fewest encoded bytes of a {@link #WIDE_STRING} value: fewer fit one word with its length byte. */
    public static final int MIN_WIDE_STRING_CAPACITY = Long.BYTES;

    private static final EntryType[] BY_ID = new EntryType[values().length + 1];

    static
    {
        for (final EntryType type : values())
        {
            BY_ID[type.id] = type;
        }
    }

    private final int id;
    private final String parameterName;

    EntryType(final int id, final String parameterName)
    {
        this.id = id;
        this.parameterName = parameterName;
    }

    /**
     * The id stored in entry records.
     *
     * @return the type id.
     */
    public int id()
    {
        return id;
    }

    /**
     * The kind a stored type id names.
     *
     * @param id stored type id.
     * @return the kind, or null if the id is unknown.
     */
    public static EntryType ofId(final int id)
    {
        return id > 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /**
     * Whether a stored shape is one this kind can have.
     *
     * @param shape a record's shape, of this kind's type id.
     * @return true if its value length, parameter and format are possible for this kind.
     */
    public boolean accepts(final EntryShape shape)
    {
        final long parameter = shape.parameter();
        final long valueLength = shape.valueLength();
        switch (this)
        {
            case BYTES:
                return valueLength == Long.BYTES && (parameter == 1 || parameter == 2 || parameter == 4 || parameter == 8);
            case STRING:
                return valueLength == Long.BYTES && (parameter == 2 || parameter == 4 || parameter == 8);
            case WIDE_BYTES:
                return isWide(shape, MIN_WIDE_BYTES_CAPACITY);
            case WIDE_STRING:
                return isWide(shape, MIN_WIDE_STRING_CAPACITY);
            case LONG_ARRAY:
                return parameter >= 1 && parameter <= MAX_ARRAY_LENGTH && valueLength == parameter * Long.BYTES;
            default:
                return valueLength == Long.BYTES && parameter == 0;
        }
    }

    private static boolean isWide(final EntryShape shape, final int minimumCapacity)
    {
        final long capacity = shape.parameter();
        return capacity >= minimumCapacity && capacity <= WideValueDescriptor.MAX_CAPACITY &&
            shape.valueLength() == WideValueDescriptor.valueLength((int)capacity);
    }

    /**
     * The shape of a new entry of this kind.
     *
     * @param parameter width, capacity or length (see the table), 0 for a kind without one.
     * @param format    a charset name or a structure's tag, empty for none.
     * @return the shape creation writes.
     */
    public EntryShape shape(final long parameter, final String format)
    {
        final long valueLength;
        switch (this)
        {
            case WIDE_BYTES:
            case WIDE_STRING:
                valueLength = WideValueDescriptor.valueLength((int)parameter);
                break;
            case LONG_ARRAY:
                valueLength = parameter * Long.BYTES;
                break;
            default:
                valueLength = Long.BYTES;
                break;
        }
        return new EntryShape(id, valueLength, parameter, format);
    }

    /**
     * The parameter and format of a shape of this kind as text, e.g. {@code "width 4, UTF-8"}.
     *
     * @param shape a shape this kind accepts.
     * @return the text, empty for a kind without parameter.
     */
    public String detail(final EntryShape shape)
    {
        if (parameterName == null)
        {
            return "";
        }
        return parameterName + " " + shape.parameter() + (shape.format().isEmpty() ? "" : ", " + shape.format());
    }

    /**
     * A shape in the words of the API, for the messages a user reads: the handle type the factories return, with the
     * shape that matters to them, e.g. {@code "a SharedLong"}, {@code "a one-word SharedString (UTF-8, width 8)"},
     * {@code "a SharedBitSet of 1024 bits"}.
     *
     * @param shape any shape.
     * @return the text, with its article.
     */
    public static String inUserTerms(final EntryShape shape)
    {
        final EntryType type = ofId(shape.typeId());
        if (type == null)
        {
            return "a value of unknown type id " + shape.typeId() + " (" + shape.valueLength() + " bytes)";
        }
        final String tag = shape.format().isEmpty() ? "" : ", format '" + shape.format() + "'";
        return switch (type)
        {
            case LONG -> "a SharedLong";
            case ULONG -> "a SharedULong";
            case DOUBLE -> "a SharedDouble";
            case BOOLEAN -> "a SharedBoolean";
            case BYTES -> "a one-word SharedBytes (width " + shape.parameter() + tag + ")";
            case STRING -> "a one-word SharedString (" + shape.format() + ", width " + shape.parameter() + ")";
            case WIDE_BYTES -> "a SharedWideBytes (capacity " + shape.parameter() + tag + ")";
            case WIDE_STRING -> "a SharedWideString (" + shape.format() + ", capacity " + shape.parameter() + " bytes)";
            case LONG_ARRAY -> longArrayInUserTerms(shape, tag);
        };
    }

    private static String longArrayInUserTerms(final EntryShape shape, final String tag)
    {
        final long bits = BitmapDescriptor.bitCapacityOf(shape.format());
        if (bits > 0)
        {
            return "a SharedBitSet of " + bits + " bits";
        }
        if (shape.format().startsWith(BitmapDescriptor.ID_POOL_FORMAT_PREFIX))
        {
            return "the owner table of a SharedIdPool of " + shape.format().substring(BitmapDescriptor.ID_POOL_FORMAT_PREFIX.length()) +
                " ids";
        }
        return "a SharedLongArray of " + shape.parameter() + " longs" + (tag.isEmpty() ? "" : " (" + tag.substring(2) + ")");
    }

    /**
     * A shape as text for messages, whether or not its type id is known.
     *
     * @param shape any shape.
     * @return e.g. {@code "a BYTES of 8 bytes, parameter 4"}.
     */
    public static String describe(final EntryShape shape)
    {
        final EntryType type = ofId(shape.typeId());
        return (type == null ? "a value of unknown type id " + shape.typeId() : "a " + type.name()) + " of " + shape.valueLength() +
            " bytes" + (shape.parameter() == 0 ? "" : ", parameter " + shape.parameter()) +
            (shape.format().isEmpty() ? "" : ", " + shape.format());
    }
}
