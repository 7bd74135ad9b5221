package io.stratus.aws.codec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;

import org.junit.Test;
import org.w3c.dom.Document;

import io.stratus.aws.api.AwsException;

public class AwsXmlTest {

    @Test
    public void escapesMarkupQuotesAndDropsCharactersXmlCannotCarry() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;&#13;\ne", AwsXml.escape("a <b> & \"c\" 'd'\r\ne\u0001"));
    }

    @Test
    public void writesNestedElementsAttributesAndEmptyElements() {
        String xml = AwsXml.document().start("ListBucketResult").attribute("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/")
                .element("Name", "b&b").start("Contents").element("Key", "a<b").end().start("Empty").end()
                .element("Skipped", null).toString();

        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b&amp;b</Name>"
                + "<Contents><Key>a&lt;b</Key></Contents><Empty/></ListBucketResult>", xml);
    }

    @Test
    public void whatTheWriterWritesTheParserReadsBack() throws Exception {
        byte[] bytes = AwsXml.fragment().start("R").element("V", "x < y & \"z\" \u20ac").toBytes();

        Document document = AwsXml.parse(bytes, "MalformedXML", "bad");

        assertEquals("x < y & \"z\" \u20ac", AwsXml.childText(document.getDocumentElement(), "V"));
    }

    @Test
    public void attributesMustFollowStart() {
        try {
            AwsXml.fragment().start("a").text("t").attribute("x", "y");
            fail("attribute after text accepted");
        } catch (IllegalStateException expected) {
        }
    }

    @Test
    public void theParserRefusesDoctypesAndExternalEntities() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><r>&b;</r>";
        for (String hostile : new String[] { xxe, bomb }) {
            expectMalformed(hostile.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    public void emptyAndBrokenBodiesAreTheServicesError() {
        expectMalformed(new byte[0]);
        expectMalformed("<a><b></a>".getBytes(StandardCharsets.UTF_8));
    }

    private static void expectMalformed(byte[] body) {
        try {
            AwsXml.parse(body, "MalformedXML", "The XML you provided was not well-formed");
            fail("parsed " + new String(body, StandardCharsets.UTF_8));
        } catch (AwsException e) {
            assertEquals(400, e.status());
            assertEquals("MalformedXML", e.code());
            assertEquals("The XML you provided was not well-formed", e.getMessage());
        }
    }
}
