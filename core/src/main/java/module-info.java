/**
 * shared-atomic core: typed atomic values in memory-mapped files.
 *
 * <p>Exports the public API, {@link io.sharedatomic}, and the on-disk format, {@link io.sharedatomic.layout}. The
 * engine room, {@code io.sharedatomic.internal} (raw memory access at any address among it), is exported to the
 * collections module only, which uses its strict text codec.
 *
 * <p>On the module path, the JVM flags that Chronicle needs (the parent pom's {@code shared.atomic.jvm.args}) must
 * name the modules that use them, {@code chronicle.core,io.sharedatomic}, where the class path flags name
 * {@code ALL-UNNAMED}: for example {@code --add-exports=java.base/sun.nio.ch=chronicle.core,io.sharedatomic}.
 */
// "module": the collections module, the target of the qualified export below, is built after this one.
@SuppressWarnings("module")
module io.sharedatomic {
    // Only io.sharedatomic.internal uses Chronicle, and no Chronicle type appears in the exported API.
    requires chronicle.core;
    // sun.misc.Unsafe: Chronicle's UnsafeMemory.UNSAFE, for the one atomic Chronicle lacks (a long exchange).
    requires jdk.unsupported;

    exports io.sharedatomic;
    exports io.sharedatomic.layout;
    // For StrictCharsets alone (checkstyle's import control allows no other class): one strict text codec.
    exports io.sharedatomic.internal to io.sharedatomic.collections;
}
