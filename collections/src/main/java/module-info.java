/**
 * shared-atomic collections: {@link io.sharedatomic.collections.SharedSet},
 * {@link io.sharedatomic.collections.SharedList}, {@link io.sharedatomic.collections.SharedBitSet} and
 * {@link io.sharedatomic.collections.SharedIdPool}, built on core's public API alone.
 *
 * <p>Exports {@link io.sharedatomic.collections}; {@code io.sharedatomic.collections.internal} is exported to no
 * module.
 */
module io.sharedatomic.collections {
    // Its API takes and returns core's types (SharedRegion, IncompatibleEntryException, ...).
    requires transitive io.sharedatomic;

    exports io.sharedatomic.collections;
}
