package io.stratus.runtime.impl.weaving;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites a class so that its calls to {@code System.getenv}, {@code System.exit},
 * {@code Runtime.exit} and {@code Runtime.halt} (direct calls and method references) go to
 * {@code io.stratus.runtime.sandbox.FunctionSystem}. The stack shape of each call is unchanged, so
 * no frames need recomputing.
 */
public final class SandboxTransformer {

    /** Internal name of the class the calls are redirected to. */
    public static final String TARGET = "io/stratus/runtime/sandbox/FunctionSystem";
    /** The package a rewritten class must be able to import. */
    public static final String TARGET_PACKAGE = "io.stratus.runtime.sandbox";

    private static final String SYSTEM = "java/lang/System";
    private static final String RUNTIME = "java/lang/Runtime";

    private SandboxTransformer() {
    }

    /** The rewritten class, or null when it calls none of the redirected methods. */
    public static byte[] transform(byte[] classBytes) {
        ClassReader reader = new ClassReader(classBytes);
        if (!mentionsRedirectedOwners(reader)) {
            return null;
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] changed = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new Redirector(super.visitMethod(access, name, descriptor, signature, exceptions), changed);
            }
        }, 0);
        return changed[0] ? writer.toByteArray() : null;
    }

    /* Cheap pre-check on the constant pool: most classes never mention System or Runtime. */
    private static boolean mentionsRedirectedOwners(ClassReader reader) {
        char[] buffer = new char[reader.getMaxStringLength()];
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            if (offset > 0 && reader.readByte(offset - 1) == 7 /* CONSTANT_Class */) {
                String name = reader.readUTF8(offset, buffer);
                if (SYSTEM.equals(name) || RUNTIME.equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The static replacement of a call, or null to leave it alone. */
    static String[] replacement(int opcode, String owner, String name, String descriptor) {
        if (opcode == Opcodes.INVOKESTATIC && SYSTEM.equals(owner)) {
            if ("getenv".equals(name) && ("(Ljava/lang/String;)Ljava/lang/String;".equals(descriptor)
                    || "()Ljava/util/Map;".equals(descriptor))) {
                return new String[] {name, descriptor};
            }
            if ("exit".equals(name) && "(I)V".equals(descriptor)) {
                return new String[] {name, descriptor};
            }
        }
        if (opcode == Opcodes.INVOKEVIRTUAL && RUNTIME.equals(owner) && "(I)V".equals(descriptor)
                && ("exit".equals(name) || "halt".equals(name))) {
            return new String[] {name, "(Ljava/lang/Runtime;I)V"};
        }
        return null;
    }

    private static final class Redirector extends MethodVisitor {
        private final boolean[] changed;

        Redirector(MethodVisitor next, boolean[] changed) {
            super(Opcodes.ASM9, next);
            this.changed = changed;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            String[] target = replacement(opcode, owner, name, descriptor);
            if (target == null) {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            } else {
                changed[0] = true;
                super.visitMethodInsn(Opcodes.INVOKESTATIC, TARGET, target[0], target[1], false);
            }
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            Object[] args = arguments.clone();
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof Handle handle) {
                    args[i] = redirect(handle);
                }
            }
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, args);
        }

        /* Method references such as System::getenv reach the JDK through a handle, not a call. */
        private Handle redirect(Handle handle) {
            int opcode = switch (handle.getTag()) {
                case Opcodes.H_INVOKESTATIC -> Opcodes.INVOKESTATIC;
                case Opcodes.H_INVOKEVIRTUAL -> Opcodes.INVOKEVIRTUAL;
                default -> -1;
            };
            String[] target = replacement(opcode, handle.getOwner(), handle.getName(), handle.getDesc());
            if (target == null) {
                return handle;
            }
            changed[0] = true;
            return new Handle(Opcodes.H_INVOKESTATIC, TARGET, target[0], target[1], false);
        }
    }
}
