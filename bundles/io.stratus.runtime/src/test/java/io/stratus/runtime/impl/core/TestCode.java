package io.stratus.runtime.impl.core;

import java.time.Instant;

/** A "bundle" of fixture functions with its own sandboxing class loader. */
final class TestCode implements FunctionCode {

    private final long id;
    private final String symbolicName;
    private final ClassLoader loader = new SandboxingClassLoader(TestCode.class.getClassLoader());

    TestCode(long id, String symbolicName) {
        this.id = id;
        this.symbolicName = symbolicName;
    }

    @Override
    public long bundleId() {
        return id;
    }

    @Override
    public String symbolicName() {
        return symbolicName;
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Class<?> loadClass(String name) throws ClassNotFoundException {
        return loader.loadClass(name);
    }

    @Override
    public ClassLoader classLoader() {
        return loader;
    }

    @Override
    public String codeSha256() {
        return "c2hh";
    }

    @Override
    public long codeSize() {
        return 42;
    }

    @Override
    public Instant lastModified() {
        return Instant.parse("2026-01-01T00:00:00Z");
    }
}
