import HotlineXML
import XCTest

/// Exclusive C14N against known vectors (Exc-C14N §3, C14N 1.0 §1.1 and its examples).
final class ExclusiveC14NTests: XCTestCase {
    func tree(_ text: String) throws -> XMLTree { try XMLTree(parsing: Array(text.utf8)) }
    func string(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    func testWholeDocumentVectors() throws {
        let vectors: [(input: String, canonical: String, why: String)] = [
            ("<?xml version=\"1.0\"?>\n<?pi x?>\n<!-- c -->\n<a/>\n<!-- after -->",
             "<?pi x?>\n<a></a>", "declaration and comments dropped; PI kept; empty element expanded"),
            ("<e b=\"2\" a=\"1\" xmlns:z=\"urn:z\" xmlns:y=\"urn:a\" z:a=\"4\" y:c=\"3\"/>",
             "<e xmlns:y=\"urn:a\" xmlns:z=\"urn:z\" a=\"1\" b=\"2\" y:c=\"3\" z:a=\"4\"></e>",
             "namespace declarations by prefix, then attributes by (namespace URI, local name)"),
            ("<a>x&#xD;y\r\nz &gt; \"q\" &amp; <![CDATA[<c>]]></a>",
             "<a>x&#xD;y\nz &gt; \"q\" &amp; &lt;c&gt;</a>", "CR kept as &#xD;, CRLF read as LF, CDATA as text"),
            ("<a v=\"1&#xD;&#xA;&#x9;2 &lt;&quot;'>\"/>",
             "<a v=\"1&#xD;&#xA;&#x9;2 &lt;&quot;'>\"></a>", "attribute escapes"),
            ("<a xmlns=\"urn:d\" xmlns:unused=\"urn:u\"><b xmlns=\"urn:d\"/></a>",
             "<a xmlns=\"urn:d\"><b></b></a>", "unused and redundant declarations dropped"),
            ("<a>\r\n  <!-- comment -->\r\n</a>", "<a>\n  \n</a>", "comments left out, whitespace kept"),
        ]
        for vector in vectors {
            XCTAssertEqual(string(try ExclusiveC14N.canonicalize(try tree(vector.input))), vector.canonical, vector.why)
        }
    }

    func testSubtreeDoesNotPullInUnusedAncestorNamespaces() throws {
        let doc = try tree("<a xmlns:p=\"urn:p\" xmlns:q=\"urn:q\" xmlns=\"urn:d\"><p:b q:x=\"1\"><c/><p:d/></p:b><p:e/></a>")
        let b = try XCTUnwrap(doc.root.firstChild(localName: "b"))
        XCTAssertEqual(string(try ExclusiveC14N.canonicalize(b)),
                       "<p:b xmlns:p=\"urn:p\" xmlns:q=\"urn:q\" q:x=\"1\"><c xmlns=\"urn:d\"></c><p:d></p:d></p:b>")
        let d = try XCTUnwrap(b.firstChild(localName: "d"))
        XCTAssertEqual(string(try ExclusiveC14N.canonicalize(d)), "<p:d xmlns:p=\"urn:p\"></p:d>",
                       "an inclusive ancestor namespace not visibly used must not appear")
    }

    func testExcludingASubtree() throws {
        let doc = try tree("<r xmlns:s=\"urn:s\">\n  <body>1</body>\n  <s:Sig><s:v>x</s:v></s:Sig>\n</r>")
        let signature = try XCTUnwrap(doc.root.firstChild(localName: "Sig"))
        XCTAssertEqual(string(try ExclusiveC14N.canonicalize(doc, excluding: signature)), "<r>\n  <body>1</body>\n  \n</r>")
        XCTAssertEqual(string(try ExclusiveC14N.canonicalize(doc)),
                       "<r>\n  <body>1</body>\n  <s:Sig xmlns:s=\"urn:s\"><s:v>x</s:v></s:Sig>\n</r>")
    }

    func testCommentsAddedLaterDoNotChangeTheBytesButTextDoes() throws {
        let doc = try tree("<r><a>text</a></r>")
        let before = try ExclusiveC14N.canonicalize(doc)
        let withComment = try tree("<r><!-- added --><a>text<!-- inside --></a></r>")
        XCTAssertEqual(try ExclusiveC14N.canonicalize(withComment), before)
        let changed = try tree("<r><a>texT</a></r>")
        XCTAssertNotEqual(try ExclusiveC14N.canonicalize(changed), before)
    }
}
