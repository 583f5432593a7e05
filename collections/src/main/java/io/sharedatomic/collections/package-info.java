/**
 * Shared collections built only on the public API of {@code io.sharedatomic}: the original's bitarray-style
 * {@code SharedSet} and {@code SharedList}, and the word-level CAS bitmap {@code SharedBitSet} (issue #4; this module
 * holds no types yet).
 */
package io.sharedatomic.collections;
