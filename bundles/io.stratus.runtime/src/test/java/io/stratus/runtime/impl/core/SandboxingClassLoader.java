package io.stratus.runtime.impl.core;

import java.io.IOException;
import java.io.InputStream;

import io.stratus.runtime.impl.weaving.SandboxTransformer;

/**
 * Stands in for a function bundle's class loader in tests: loads the {@code example.functions}
 * classes itself, rewritten by the same transformer the weaving hook applies, and delegates the rest.
 */
final class SandboxingClassLoader extends ClassLoader {

    private static final String PREFIX = "example.functions.";

    SandboxingClassLoader(ClassLoader parent) {
        super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(PREFIX)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                byte[] bytes;
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    if (in == null) {
                        throw new ClassNotFoundException(name);
                    }
                    bytes = in.readAllBytes();
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
                byte[] woven = SandboxTransformer.transform(bytes);
                byte[] definition = woven == null ? bytes : woven;
                loaded = defineClass(name, definition, 0, definition.length);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }
}
