package io.stratus.aws.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import io.stratus.aws.api.AwsException;

/**
 * The one XML codec of the AWS endpoint: a small streaming writer that escapes everything it is
 * given, and a parser that refuses DTDs and external entities (request bodies are untrusted).
 */
public final class AwsXml {

    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    private AwsXml() {
    }

    /** A writer for a document starting with the XML declaration. */
    public static Writer document() {
        return new Writer(true);
    }

    /** A writer for a fragment (no declaration), e.g. AWS query protocol answers. */
    public static Writer fragment() {
        return new Writer(false);
    }

    /** Escapes text for element content and attribute values. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        appendEscaped(out, text);
        return out.toString();
    }

    /** A namespace-aware DocumentBuilder with DTDs, external entities and XInclude disabled. */
    public static DocumentBuilder newDocumentBuilder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // no parser chatter on stderr
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a required security feature", e);
        }
    }

    /**
     * Parses an untrusted XML request body.
     *
     * @param errorCode the service's code for bad XML (S3: {@code MalformedXML})
     * @param message   the service's message for it
     * @throws AwsException 400 {@code errorCode} when the body is empty, not well-formed or has a DTD
     */
    public static Document parse(byte[] body, String errorCode, String message) throws AwsException {
        if (body == null || body.length == 0) {
            throw new AwsException(400, errorCode, message);
        }
        try {
            return newDocumentBuilder().parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            throw new AwsException(400, errorCode, message);
        }
    }

    /** Text of the first child element with this local name, or null. */
    public static String childText(Element parent, String localName) {
        Element child = child(parent, localName);
        return child == null ? null : child.getTextContent();
    }

    /** The first child element with this local name, or null. */
    public static Element child(Element parent, String localName) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && localName.equals(localNameOf(element))) {
                return element;
            }
        }
        return null;
    }

    private static String localNameOf(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }

    static void appendEscaped(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                default -> {
                    // characters XML 1.0 cannot carry at all are dropped rather than producing an unparsable answer
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
    }

    /** Writes elements in order; {@link #attribute} applies to the element just started. */
    public static final class Writer {
        private final StringBuilder out = new StringBuilder(256);
        private final Deque<String> open = new ArrayDeque<>();
        private boolean tagOpen;

        Writer(boolean declaration) {
            if (declaration) {
                out.append(DECLARATION).append('\n');
            }
        }

        /** Opens an element. */
        public Writer start(String name) {
            closeTag();
            out.append('<').append(name);
            open.push(name);
            tagOpen = true;
            return this;
        }

        /** Adds an attribute to the element just started; a null value is skipped. */
        public Writer attribute(String name, String value) {
            if (!tagOpen) {
                throw new IllegalStateException("attribute " + name + " must follow start()");
            }
            if (value != null) {
                out.append(' ').append(name).append("=\"");
                appendEscaped(out, value);
                out.append('"');
            }
            return this;
        }

        /** Writes escaped text into the current element. */
        public Writer text(String text) {
            closeTag();
            appendEscaped(out, text);
            return this;
        }

        /** Writes {@code <name>text</name>}; a null text is skipped entirely. */
        public Writer element(String name, Object text) {
            if (text != null) {
                start(name).text(String.valueOf(text)).end();
            }
            return this;
        }

        /** Closes the innermost open element ({@code <a/>} when it is empty). */
        public Writer end() {
            String name = open.pop();
            if (tagOpen) {
                out.append("/>");
                tagOpen = false;
            } else {
                out.append("</").append(name).append('>');
            }
            return this;
        }

        /** The document; every open element is closed first. */
        @Override
        public String toString() {
            while (!open.isEmpty()) {
                end();
            }
            return out.toString();
        }

        /** The document as UTF-8. */
        public byte[] toBytes() {
            return toString().getBytes(StandardCharsets.UTF_8);
        }

        private void closeTag() {
            if (tagOpen) {
                out.append('>');
                tagOpen = false;
            }
        }
    }
}
