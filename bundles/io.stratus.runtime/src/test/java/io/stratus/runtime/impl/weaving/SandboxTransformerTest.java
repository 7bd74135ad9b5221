package io.stratus.runtime.impl.weaving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import io.stratus.runtime.sandbox.ExitError;
import io.stratus.runtime.sandbox.FunctionScope;
import io.stratus.runtime.sandbox.FunctionSystem;

public class SandboxTransformerTest {

    /** Calls everything the sandbox redirects. */
    public static class Careless {
        public static String variable() {
            return System.getenv("COLOR");
        }

        public static Map<String, String> all() {
            return System.getenv();
        }

        public static void exit() {
            System.exit(2);
        }

        public static void runtimeExit() {
            Runtime.getRuntime().exit(4);
        }

        public static void halt() {
            Runtime.getRuntime().halt(6);
        }

        public static String viaReference() {
            java.util.function.Function<String, String> getenv = System::getenv;
            return getenv.apply("COLOR");
        }
    }

    /** Mentions System but none of the redirected methods. */
    public static class Harmless {
        public static long now() {
            return System.nanoTime();
        }
    }

    @After
    public void unbindResolver() {
        FunctionSystem.resolveCallersWith(null);
    }

    private static byte[] bytesOf(Class<?> type) throws IOException {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    /** Every call and method handle in the class, as owner.name+descriptor. */
    private static List<String> references(byte[] classBytes) {
        List<String> found = new ArrayList<>();
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String n, String d, boolean itf) {
                        found.add(owner + "." + n + d);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String n, String d, Handle bsm, Object... args) {
                        for (Object arg : args) {
                            if (arg instanceof Handle h) {
                                found.add(h.getOwner() + "." + h.getName() + h.getDesc());
                            }
                        }
                    }
                };
            }
        }, 0);
        return found;
    }

    private static Class<?> loadWoven(Class<?> type) throws Exception {
        byte[] woven = SandboxTransformer.transform(bytesOf(type));
        ClassLoader loader = new ClassLoader(SandboxTransformerTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                if (name.equals(type.getName())) {
                    return defineClass(name, woven, 0, woven.length);
                }
                throw new ClassNotFoundException(name);
            }

            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(type.getName())) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : findClass(name);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        return loader.loadClass(type.getName());
    }

    @Test
    public void redirectsGetenvExitAndHaltCalls() throws Exception {
        List<String> before = references(bytesOf(Careless.class));
        assertTrue(before.contains("java/lang/System.exit(I)V"));
        List<String> after = references(SandboxTransformer.transform(bytesOf(Careless.class)));
        for (String call : after) {
            assertFalse(call, call.startsWith("java/lang/System.getenv") || call.equals("java/lang/System.exit(I)V")
                    || call.equals("java/lang/Runtime.exit(I)V") || call.equals("java/lang/Runtime.halt(I)V"));
        }
        String target = "io/stratus/runtime/sandbox/FunctionSystem.";
        assertTrue(after.contains(target + "getenv(Ljava/lang/String;)Ljava/lang/String;"));
        assertTrue(after.contains(target + "getenv()Ljava/util/Map;"));
        assertTrue(after.contains(target + "exit(I)V"));
        assertTrue(after.contains(target + "exit(Ljava/lang/Runtime;I)V"));
        assertTrue(after.contains(target + "halt(Ljava/lang/Runtime;I)V"));
        assertTrue("Runtime.getRuntime() itself stays", after.contains("java/lang/Runtime.getRuntime()Ljava/lang/Runtime;"));
    }

    @Test
    public void leavesClassesWithoutSuchCallsAlone() throws Exception {
        assertNull(SandboxTransformer.transform(bytesOf(Harmless.class)));
        assertNull(SandboxTransformer.transform(bytesOf(FunctionScope.class)));
    }

    @Test
    public void wovenCodeSeesTheBoundFunctionsEnvironment() throws Exception {
        Class<?> woven = loadWoven(Careless.class);
        try (FunctionSystem.Binding bound = FunctionSystem.bind(new FunctionScope("fn", Map.of("COLOR", "blue")))) {
            assertEquals("blue", woven.getMethod("variable").invoke(null));
            assertEquals("blue", woven.getMethod("viaReference").invoke(null));
            assertEquals(Map.of("COLOR", "blue"), woven.getMethod("all").invoke(null));
        }
        assertEquals("outside a scope: the process environment", System.getenv("COLOR"),
                woven.getMethod("variable").invoke(null));
    }

    @Test
    public void wovenCodeOutsideAnInvocationFindsItsFunctionByCallerClass() throws Exception {
        Class<?> woven = loadWoven(Careless.class);
        FunctionSystem.resolveCallersWith(caller -> caller == woven ? Map.of("COLOR", "by-class") : null);
        assertEquals("by-class", woven.getMethod("variable").invoke(null));
    }

    @Test
    public void threadsStartedInAScopeInheritIt() throws Exception {
        Class<?> woven = loadWoven(Careless.class);
        String[] seen = new String[1];
        try (FunctionSystem.Binding bound = FunctionSystem.bind(new FunctionScope("fn", Map.of("COLOR", "inherited")))) {
            Thread child = new Thread(() -> {
                try {
                    seen[0] = (String) woven.getMethod("variable").invoke(null);
                } catch (ReflectiveOperationException e) {
                    seen[0] = e.toString();
                }
            });
            child.start();
            child.join();
        }
        assertEquals("inherited", seen[0]);
    }

    @Test
    public void exitAndHaltThrowExitErrorAndMarkTheScope() throws Exception {
        Class<?> woven = loadWoven(Careless.class);
        String[] methods = {"exit", "runtimeExit", "halt"};
        int[] statuses = {2, 4, 6};
        for (int i = 0; i < methods.length; i++) {
            FunctionScope scope = new FunctionScope("fn", Map.of());
            try (FunctionSystem.Binding bound = FunctionSystem.bind(scope)) {
                woven.getMethod(methods[i]).invoke(null);
                fail(methods[i] + " returned");
            } catch (java.lang.reflect.InvocationTargetException e) {
                assertTrue(e.getCause() instanceof ExitError);
                assertEquals(statuses[i], ((ExitError) e.getCause()).status());
            }
            assertEquals(Integer.valueOf(statuses[i]), scope.exitStatus());
        }
    }

    @Test
    public void bindingRestoresThePreviousScope() {
        FunctionScope outer = new FunctionScope("outer", Map.of());
        try (FunctionSystem.Binding a = FunctionSystem.bind(outer)) {
            try (FunctionSystem.Binding b = FunctionSystem.bind(new FunctionScope("inner", Map.of()))) {
                assertEquals("inner", FunctionSystem.current().functionName());
            }
            assertEquals(outer, FunctionSystem.current());
        }
        assertNull(FunctionSystem.current());
    }

    @Test
    public void transformIsStableOnAlreadyWovenClasses() throws Exception {
        byte[] once = SandboxTransformer.transform(bytesOf(Careless.class));
        assertNull("nothing left to rewrite", SandboxTransformer.transform(once));
    }
}
