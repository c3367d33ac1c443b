import HotlineXML
import HotlineTestSupport
import XCTest

/// Building, changing and serializing trees.
final class XMLTreeMutationTests: XCTestCase {
    func string(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    func testBuildsADocumentWithNamespaces() throws {
        let tree = try XMLTree(root: "f:Filing", namespace: "urn:example:filing")
        let root = tree.root
        XCTAssertEqual(root.prefix, "f")
        let theCase = root.appendElement(localName: "Case", namespace: "urn:example:filing")
        XCTAssertEqual(theCase.prefix, "f", "reuses the in-scope prefix")
        theCase.setAttribute("number", value: "2026-001")
        let party = theCase.appendElement(localName: "Party", namespace: "urn:example:party")
        party.setText("张三 <&> \"")
        party.setAttribute("lang", namespace: "http://www.w3.org/XML/1998/namespace", value: "zh")
        party.setAttribute("ref", namespace: "urn:example:filing", value: "a\"b")
        let plain = party.appendElement(localName: "Plain")
        XCTAssertNil(plain.namespaceURI)
        XCTAssertEqual(string(tree.serialized()), """
        <?xml version="1.0" encoding="UTF-8"?>
        <f:Filing xmlns:f="urn:example:filing"><f:Case number="2026-001"><Party xmlns="urn:example:party" xml:lang="zh" f:ref="a&quot;b">张三 &lt;&amp;&gt; "<Plain xmlns=""/></Party></f:Case></f:Filing>

        """)
        XCTAssertEqual(string(tree.serialized(party)),
                       "<Party xmlns=\"urn:example:party\" xml:lang=\"zh\" f:ref=\"a&quot;b\">张三 &lt;&amp;&gt; \"<Plain xmlns=\"\"/></Party>")

        // The serialization parses back to the same tree.
        let again = try XMLTree(parsing: tree.serialized())
        let party2 = try XCTUnwrap(again.root.descendants(localName: "Party").first)
        XCTAssertEqual(party2.namespaceURI, "urn:example:party")
        XCTAssertEqual(party2.text, "张三 <&> \"")
        XCTAssertEqual(party2.attribute("ref", namespace: "urn:example:filing"), "a\"b")
        XCTAssertEqual(party2.attribute("lang", namespace: "http://www.w3.org/XML/1998/namespace"), "zh")
        XCTAssertNil(try XCTUnwrap(party2.firstChild(localName: "Plain")).namespaceURI)
        XCTAssertEqual(again.serialized(), tree.serialized())
    }

    func testFreshPrefixesWhenTheDefaultIsTaken() throws {
        let tree = try XMLTree(root: "Filing", namespace: "urn:a")
        let child = tree.root.appendElement(localName: "B", namespace: "urn:b")
        XCTAssertEqual(child.prefix, "ns1")
        child.setAttribute("x", namespace: "urn:c", value: "1")
        XCTAssertEqual(string(tree.serialized(tree.root)),
                       "<Filing xmlns=\"urn:a\"><ns1:B xmlns:ns1=\"urn:b\" xmlns:ns2=\"urn:c\" ns2:x=\"1\"/></Filing>")
    }

    func testRejectsBadRootNames() {
        XCTAssertThrowsError(try XMLTree(root: "1bad")) { XCTAssertEqual($0 as? XMLProblem, .invalidName("1bad")) }
        XCTAssertThrowsError(try XMLTree(root: "a:b:c", namespace: "urn:x"))
        XCTAssertThrowsError(try XMLTree(root: "p:b"), "a prefix needs a namespace")
    }

    func testRoundTripIsByteForByte() throws {
        let source = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a xmlns=\"urn:a\" b=\"1\">\n  <!-- c -->\n  <x>t&amp;</x>\n  <y/>\n<?pi data?></a>\n"
        let tree = try XMLTree(parsing: Array(source.utf8))
        XCTAssertEqual(string(tree.serialized()), source)
    }

    func testMutations() throws {
        let tree = try XMLTree(parsing: Array("<t xmlns:o='urn:o'><row o:n='1'><cell>A</cell></row><end/></t>".utf8))
        let row = try XCTUnwrap(tree.root.firstChild(localName: "row"))
        let copy1 = row.copy()
        copy1.setAttribute("n", namespace: "urn:o", value: "2")
        let copy2 = row.insertCopy(after: copy1)
        copy2.setAttribute("n", namespace: "urn:o", value: "3")
        try XCTUnwrap(copy2.firstChild(localName: "cell")).setText("C")
        XCTAssertEqual(copy1.parent, tree.root)
        XCTAssertEqual(string(tree.serialized(tree.root)),
                       "<t xmlns:o=\"urn:o\"><row o:n=\"1\"><cell>A</cell></row><row o:n=\"2\"><cell>A</cell></row>"
                       + "<row o:n=\"3\"><cell>C</cell></row><end/></t>", "copies carry no redundant xmlns")

        row.removeAttribute("n", namespace: "urn:o")
        row.removeAttribute("absent")
        XCTAssertNil(row.attribute("n", namespace: "urn:o"))
        row.appendText(" & more")
        XCTAssertEqual(row.text, "A & more")

        let cell = try XCTUnwrap(row.firstChild(localName: "cell"))
        row.setText("replaced")
        XCTAssertEqual(row.children.count, 0)
        XCTAssertNil(cell.parent, "the old child is detached")
        XCTAssertEqual(cell.text, "A", "and still readable")

        copy1.remove()
        copy1.remove()  // twice is harmless
        XCTAssertEqual(tree.root.children.map { $0.attribute("n", namespace: "urn:o") }, [nil, "3", nil])
        copy1.appendElement(localName: "ghost")  // a detached element can still be changed safely
        tree.root.remove()
        XCTAssertEqual(tree.root.localName, "t", "the root stays")
        XCTAssertEqual(string(tree.serialized(tree.root)),
                       "<t xmlns:o=\"urn:o\"><row>replaced</row><row o:n=\"3\"><cell>C</cell></row><end/></t>")
    }

    func testElementsKeepTheirTreeAlive() throws {
        var element: XMLElement?
        do {
            let tree = try XMLTree(parsing: Array("<a><b>kept</b></a>".utf8))
            element = tree.root.firstChild(localName: "b")
        }
        XCTAssertEqual(element?.text, "kept")
    }

    /// 2,000 random edits of a valid document: no crash, and the result always parses back.
    func testRandomMutationsNeverCrash() throws {
        let source = """
        <f:Filing xmlns:f="urn:f" xmlns="urn:d" Id="1"><f:Case n="1"><Party role="p">张三</Party>\
        <Party role="d">ACME</Party><Note xmlns="">x<b/>y</Note></f:Case><Tail/></f:Filing>
        """
        let tree = try XMLTree(parsing: Array(source.utf8))
        var random = SplitMix64(seed: 0x486f746c696e65)
        let namespaces: [String?] = [nil, "urn:f", "urn:d", "urn:new", "http://www.w3.org/XML/1998/namespace"]
        let texts = ["", "a", "<&>\"'", "張x", "]]>", "\r\n\t", "bell\u{7}\u{FFFF}"]
        var all: [XMLElement] = [tree.root]
        for step in 0..<2_000 {
            let target = all[Int(random.next() % UInt64(all.count))]
            let namespace = namespaces[Int(random.next() % UInt64(namespaces.count))]
            let text = texts[Int(random.next() % UInt64(texts.count))]
            switch random.next() % 9 {
            case 0: all.append(target.appendElement(localName: "e\(step % 7)", namespace: namespace == namespaces[4] ? nil : namespace))
            case 1: target.setAttribute("a\(step % 5)", namespace: namespace, value: text)
            case 2: target.removeAttribute("a\(step % 5)", namespace: namespace)
            case 3: target.setText(text)
            case 4: target.appendText(text)
            case 5 where target.parent != nil: all.append(target.copy())
            case 6: target.remove()
            case 7: _ = (target.text, target.children, target.descendants(localName: "e1"), target.attribute("a1"), target.line)
            default: _ = tree.serialized(target)
            }
            if all.count > 400 { all.removeFirst(200); all.insert(tree.root, at: 0) }
            if step % 100 == 0 {
                let bytes = tree.serialized()
                XCTAssertNoThrow(try XMLTree(parsing: bytes), "step \(step): \(string(bytes))")
            }
        }
        XCTAssertNoThrow(try XMLTree(parsing: tree.serialized()))
    }
}
