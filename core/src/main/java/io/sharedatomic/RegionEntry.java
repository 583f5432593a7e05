package io.sharedatomic;

/**
 * A snapshot of one named entry, for tools: its name, type, size and value at the moment it was read.
 *
 * @param name       entry name.
 * @param type       entry type.
 * @param byteLength bytes its value occupies.
 * @param value      the value as its type prints it, read with a volatile load.
 */
public record RegionEntry(String name, ValueType type, long byteLength, String value)
{
}
