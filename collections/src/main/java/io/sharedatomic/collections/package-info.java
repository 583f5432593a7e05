/**
 * Shared collections built only on the public API of {@code io.sharedatomic}: the original's bitarray-style
 * {@link io.sharedatomic.collections.SharedSet} and {@link io.sharedatomic.collections.SharedList} (whole values, in
 * the original's bit layout), and {@link io.sharedatomic.collections.SharedBitSet}, a large bitmap updated one 64-bit
 * word at a time with CAS, for id and slot allocation, subscription masks and instrument sets.
 */
package io.sharedatomic.collections;
