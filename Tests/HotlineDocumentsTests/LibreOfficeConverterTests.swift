import Foundation
import HotlineCore
import XCTest

@testable import HotlineDocuments

/// Renders each form with realistic values, packs it, converts it with the real LibreOffice,
/// and reads the PDF back: its text with pdftotext, its QR code with pdftoppm + zbarimg.
/// Set HOTLINE_KEEP_RENDERS=/some/dir to keep the page images for a look.
final class LibreOfficeConverterTests: XCTestCase {
    private func convertAndRead(_ kind: FormKind, expecting: [String]) throws {
        let converter = LibreOfficeConverter()
        guard converter.resolvedExecutable() != nil else {
            throw XCTSkip("soffice (LibreOffice) is not installed (CI installs it: scripts/install-deps.sh test)")
        }
        let pdftotext = try ExternalTool.require("pdftotext")
        let pdftoppm = try ExternalTool.require("pdftoppm")
        let zbarimg = try ExternalTool.require("zbarimg")

        let template = try ODTTemplate(fodt: ShippedTemplates.bytes(kind), kind: kind)
        let qr = try QRCode.png(for: SampleForms.qrPayload(kind), scale: 4)
        let odt = try template.renderPackage(values: SampleForms.values(kind), rows: SampleForms.rows(kind), qrPNG: qr)
        let pdf = try converter.convertToPDF(odt)
        XCTAssertTrue(pdf.starts(with: Array("%PDF".utf8)))

        let dir = try ExternalTool.temporaryDirectory(self)
        let pdfFile = dir.appendingPathComponent("\(kind.rawValue).pdf")
        try Data(pdf).write(to: pdfFile)
        let text = try ExternalTool.run(pdftotext, ["-enc", "UTF-8", pdfFile.path, "-"]).text
        let compact = text.filter { !$0.isWhitespace }
        for expected in [kind.title, SampleForms.caseNumber, SampleForms.formNumber(kind)] + SampleForms.assistUnits + expecting {
            XCTAssertTrue(compact.contains(expected.filter { !$0.isWhitespace }), "\(kind): PDF text lacks \(expected)\n\(text)")
        }

        let pagePrefix = dir.appendingPathComponent("\(kind.rawValue)-page").path
        let ppm = try ExternalTool.run(pdftoppm, ["-r", "150", "-png", "-f", "1", "-l", "1", pdfFile.path, pagePrefix])
        XCTAssertEqual(ppm.status, 0)
        let page = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .first { $0.hasPrefix("\(kind.rawValue)-page") && $0.hasSuffix(".png") })
        let pagePath = dir.appendingPathComponent(page).path
        let zbar = try ExternalTool.run(zbarimg, ["--nodbus", "-q", "--raw", pagePath])
        XCTAssertEqual(zbar.text.trimmingCharacters(in: .whitespacesAndNewlines), SampleForms.qrPayload(kind),
                       "\(kind): QR code read back from the printed page")
        if let keep = ProcessInfo.processInfo.environment["HOTLINE_KEEP_RENDERS"] {
            try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            try? FileManager.default.copyItem(atPath: pagePath, toPath: "\(keep)/\(kind.rawValue).png")
            try? FileManager.default.copyItem(atPath: pdfFile.path, toPath: "\(keep)/\(kind.rawValue).pdf")
        }
    }

    func testApprovalSheetPrints() throws {
        try convertAndRead(.approval, expecting: ["胜利路小区供水管道破裂停水三天", "王秀兰", "张副市长", "住户多为老人"])
    }

    func testAssignmentSheetPrints() throws {
        try convertAndRead(.assignment, expecting: ["蚌埠市市长热线服务中心", "蚌埠市自来水公司", "李建国", "市长信箱"])
    }

    func testSupervisionSheetPrints() throws {
        try convertAndRead(.supervision, expecting: ["JB-2026-000009", "第1次", "该件已超过办理时限"])
    }

    func testFeedbackSheetPrints() throws {
        try convertAndRead(.feedback, expecting: [
            "接件后我公司立即组织抢修", "《城市供水条例》", "国务院令第158号", "蚌政〔2019〕12号", "陈立军", "0552-3012345", "周海涛",
        ])
    }

    func testMissingSofficeIsAClearError() {
        let converter = LibreOfficeConverter(executable: "/nonexistent/soffice")
        XCTAssertThrowsError(try converter.convertToPDF([1, 2, 3])) { XCTAssertEqual($0 as? LibreOfficeError, .notInstalled) }
    }

    func testChildFailuresAreReported() throws {
        let dir = try ExternalTool.temporaryDirectory(self)
        func script(_ name: String, _ body: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
            return path
        }
        let silent = try script("silent", "echo converting; exit 0")
        XCTAssertThrowsError(try LibreOfficeConverter(executable: silent).convertToPDF([0])) {
            XCTAssertEqual($0 as? LibreOfficeError, .noPDF(output: "converting\n"))
        }
        let failing = try script("failing", "echo broken >&2; exit 3")
        XCTAssertThrowsError(try LibreOfficeConverter(executable: failing).convertToPDF([0])) {
            XCTAssertEqual($0 as? LibreOfficeError, .failed(status: 3, output: "broken\n"))
        }
        let hanging = try script("hanging", "echo waiting; sleep 30")
        let start = Date()
        XCTAssertThrowsError(try LibreOfficeConverter(executable: hanging, timeout: 1).convertToPDF([0])) {
            XCTAssertEqual($0 as? LibreOfficeError, .timedOut(seconds: 1, output: "waiting\n"))
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 10, "the sleeping grandchild was killed with its group")
    }
}
