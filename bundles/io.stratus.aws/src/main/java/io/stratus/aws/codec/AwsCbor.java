package io.stratus.aws.codec;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stratus.aws.api.AwsException;

/**
 * CBOR (RFC 8949) for the Smithy RPC v2 CBOR protocol the AWS SDKs use for some services (CloudWatch).
 * Values map to plain Java: maps ({@code Map<String,Object>}), lists, strings, {@code Long},
 * {@code Double}, {@code Boolean}, {@code byte[]}, null, and {@link Instant} for epoch-seconds
 * timestamps (tag 1). Decoding accepts definite and indefinite lengths; encoding writes definite ones.
 */
public final class AwsCbor {

    /** Content type of Smithy RPC v2 CBOR bodies. */
    public static final String CONTENT_TYPE = "application/cbor";
    /** Header (and value) every Smithy RPC v2 CBOR request and answer carries. */
    public static final String PROTOCOL_HEADER = "smithy-protocol";
    public static final String PROTOCOL = "rpc-v2-cbor";

    private static final int MAX_DEPTH = 64;

    private AwsCbor() {
    }

    // ------------------------------------------------------------------ decoding

    /**
     * Decodes exactly one CBOR data item; an empty body is an empty map.
     *
     * @throws AwsException 400 {@code errorCode} when the body is not well-formed CBOR
     */
    public static Object decode(byte[] body, String errorCode) throws AwsException {
        if (body == null || body.length == 0) {
            return new LinkedHashMap<String, Object>();
        }
        Reader reader = new Reader(body);
        try {
            Object value = reader.item(0);
            if (value == BREAK) {
                throw new IllegalArgumentException("unexpected break");
            }
            if (reader.position != body.length) {
                throw new IllegalArgumentException("unexpected content after the CBOR value at byte " + reader.position);
            }
            return value;
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | ClassCastException e) {
            throw new AwsException(400, errorCode, "Could not parse request body as CBOR: "
                    + (e instanceof ArrayIndexOutOfBoundsException ? "truncated" : e.getMessage()));
        }
    }

    private static final Object BREAK = new Object();

    private static final class Reader {
        private final byte[] in;
        private int position;

        Reader(byte[] in) {
            this.in = in;
        }

        Object item(int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("nested too deeply");
            }
            int initial = in[position++] & 0xff;
            int major = initial >>> 5;
            int info = initial & 0x1f;
            if (major == 7) {
                return simple(info);
            }
            if (info == 31) {
                return indefinite(major, depth);
            }
            long argument = argument(info);
            switch (major) {
                case 0:
                    return unsigned(argument);
                case 1:
                    if (argument < 0) {
                        throw new IllegalArgumentException("negative integer out of range");
                    }
                    return -1 - argument;
                case 2:
                    return bytes(argument);
                case 3:
                    return new String(bytes(argument), StandardCharsets.UTF_8);
                case 4: {
                    List<Object> list = new ArrayList<>();
                    long count = length(argument);
                    for (long i = 0; i < count; i++) {
                        list.add(value(depth));
                    }
                    return list;
                }
                case 5: {
                    Map<String, Object> map = new LinkedHashMap<>();
                    long count = length(argument);
                    for (long i = 0; i < count; i++) {
                        map.put(key(depth), value(depth));
                    }
                    return map;
                }
                case 6: {
                    Object tagged = value(depth);
                    if (argument == 1) {
                        if (!(tagged instanceof Number number)) {
                            throw new IllegalArgumentException("timestamp (tag 1) must be a number");
                        }
                        return toInstant(number.doubleValue());
                    }
                    return tagged;
                }
                default:
                    throw new IllegalArgumentException("unknown major type " + major);
            }
        }

        private Object value(int depth) {
            Object value = item(depth + 1);
            if (value == BREAK) {
                throw new IllegalArgumentException("unexpected break");
            }
            return value;
        }

        private String key(int depth) {
            Object key = value(depth);
            if (!(key instanceof String text)) {
                throw new IllegalArgumentException("map keys must be text strings");
            }
            return text;
        }

        private Object indefinite(int major, int depth) {
            switch (major) {
                case 2:
                case 3: {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    while (true) {
                        Object chunk = item(depth + 1);
                        if (chunk == BREAK) {
                            break;
                        }
                        byte[] bytes = chunk instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) chunk;
                        out.writeBytes(bytes);
                    }
                    return major == 2 ? out.toByteArray() : out.toString(StandardCharsets.UTF_8);
                }
                case 4: {
                    List<Object> list = new ArrayList<>();
                    for (Object v = item(depth + 1); v != BREAK; v = item(depth + 1)) {
                        list.add(v);
                    }
                    return list;
                }
                case 5: {
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (Object k = item(depth + 1); k != BREAK; k = item(depth + 1)) {
                        if (!(k instanceof String text)) {
                            throw new IllegalArgumentException("map keys must be text strings");
                        }
                        map.put(text, value(depth));
                    }
                    return map;
                }
                default:
                    throw new IllegalArgumentException("indefinite length not allowed for major type " + major);
            }
        }

        private Object simple(int info) {
            switch (info) {
                case 20:
                    return Boolean.FALSE;
                case 21:
                    return Boolean.TRUE;
                case 22:
                case 23:
                    return null;
                case 25:
                    return halfToDouble((int) argument(25));
                case 26:
                    return (double) Float.intBitsToFloat((int) argument(26));
                case 27:
                    return Double.longBitsToDouble(argument(27));
                case 31:
                    return BREAK;
                default:
                    throw new IllegalArgumentException("unsupported simple value " + info);
            }
        }

        private long argument(int info) {
            if (info < 24) {
                return info;
            }
            int size = switch (info) {
                case 24 -> 1;
                case 25 -> 2;
                case 26 -> 4;
                case 27 -> 8;
                default -> throw new IllegalArgumentException("reserved additional information " + info);
            };
            long value = 0;
            for (int i = 0; i < size; i++) {
                value = (value << 8) | (in[position++] & 0xff);
            }
            return value;
        }

        private Object unsigned(long argument) {
            if (argument < 0) {
                return new BigInteger(Long.toUnsignedString(argument)).doubleValue();
            }
            return argument;
        }

        private long length(long argument) {
            if (argument < 0 || argument > in.length - position) {
                throw new IllegalArgumentException("length " + Long.toUnsignedString(argument) + " exceeds the body");
            }
            return argument;
        }

        private byte[] bytes(long argument) {
            int length = (int) length(argument);
            byte[] bytes = new byte[length];
            System.arraycopy(in, position, bytes, 0, length);
            position += length;
            return bytes;
        }
    }

    /* IEEE 754 half precision (Float.float16ToFloat needs Java 20). */
    private static double halfToDouble(int half) {
        int exponent = (half >>> 10) & 0x1f;
        int mantissa = half & 0x3ff;
        double value;
        if (exponent == 0) {
            value = mantissa * Math.pow(2, -24);
        } else if (exponent == 31) {
            value = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            value = (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
        }
        return (half & 0x8000) != 0 ? -value : value;
    }

    private static Instant toInstant(double epochSeconds) {
        long millis = Math.round(epochSeconds * 1000);
        return Instant.ofEpochMilli(millis);
    }

    // ------------------------------------------------------------------ encoding

    /** Encodes a value tree (see the class description; other numbers as doubles, Instants as tag 1). */
    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(out, value, 0);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested too deeply");
        }
        if (value == null) {
            out.write(0xf6);
        } else if (value instanceof Boolean b) {
            out.write(b ? 0xf5 : 0xf4);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            long n = ((Number) value).longValue();
            if (n >= 0) {
                head(out, 0, n);
            } else {
                head(out, 1, -1 - n);
            }
        } else if (value instanceof Number number) {
            out.write(0xfb);
            long bits = Double.doubleToLongBits(number.doubleValue());
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (bits >>> shift) & 0xff);
            }
        } else if (value instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            head(out, 3, bytes.length);
            out.writeBytes(bytes);
        } else if (value instanceof byte[] bytes) {
            head(out, 2, bytes.length);
            out.writeBytes(bytes);
        } else if (value instanceof Instant instant) {
            head(out, 6, 1);
            write(out, instant.toEpochMilli() / 1000.0, depth + 1);
        } else if (value instanceof Map<?, ?> map) {
            head(out, 5, map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                write(out, String.valueOf(entry.getKey()), depth + 1);
                write(out, entry.getValue(), depth + 1);
            }
        } else if (value instanceof List<?> list) {
            head(out, 4, list.size());
            for (Object item : list) {
                write(out, item, depth + 1);
            }
        } else {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getName() + " as CBOR");
        }
    }

    private static void head(ByteArrayOutputStream out, int major, long argument) {
        int type = major << 5;
        if (argument < 24) {
            out.write(type | (int) argument);
        } else if (argument < 0x100) {
            out.write(type | 24);
            out.write((int) argument);
        } else if (argument < 0x10000) {
            out.write(type | 25);
            out.write((int) (argument >>> 8));
            out.write((int) argument & 0xff);
        } else if (argument < 0x100000000L) {
            out.write(type | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (argument >>> shift) & 0xff);
            }
        } else {
            out.write(type | 27);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (argument >>> shift) & 0xff);
            }
        }
    }
}
