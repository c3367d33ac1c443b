// swift-tools-version: 6.1
import PackageDescription

// Dependencies point one way: HotlineMail (pure MIME) ← HotlineCore (domain) ← HotlineStore
// (SQLite, files, configuration), HotlineNet (IMAP, SMTP), HotlineDocuments (forms as XML and ODT,
// over HotlineXML) ← hotline (command line). See README "Layout".
let package = Package(
    name: "hotline",
    // Linux is where it runs (Debian 12); on macOS, Mutex and Atomic (Synchronization) need 15.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hotline", targets: ["hotline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Pure: RFC 5322/2045–2049/2047/2231 parsing and writing, charsets. No I/O.
        .target(
            name: "HotlineMail",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // Domain: cases, intake rules, the intake pipeline; talks to the world through protocols.
        .target(
            name: "HotlineCore",
            dependencies: [
                "HotlineMail",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The system SQLite (the one GRDB links), for incremental BLOB writes.
        .systemLibrary(name: "CSQLite3", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Adapters: the SQLite case store, mail folders, configuration files.
        .target(
            name: "HotlineStore",
            dependencies: [
                "HotlineCore", "HotlineMail", "CSQLite3",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The clock's data (issue 11): `Shipped` links to `data/`; the calendar and the deadline
            // table are part of the program, overridable from hotline.toml (`ClockFiles`).
            resources: [.embedInCode("Shipped/calendar.toml"), .embedInCode("Shipped/deadlines.toml")]
        ),
        // libcurl, the system library (IMAP, SMTP).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // Adapters over libcurl: IMAP mailboxes as mail sources, SMTP as the mail sender.
        .target(
            name: "HotlineNet",
            dependencies: [
                "CCurl", "HotlineCore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // libxml2, the system library: parsing without DTDs or network, XSD, exclusive C14N.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // XML over libxml2: safe parsing with limits, a small tree API, XSD validation, and the
        // enveloped XML-DSig signature (exclusive C14N, SHA-256, RSA-SHA256 through swift-crypto).
        .target(
            name: "HotlineXML",
            dependencies: [
                "CLibXML2",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // zlib, the system library: inflating ZIP entries and their CRC-32 (ZIPReader).
        .systemLibrary(name: "SystemZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // libqrencode, the system library: the QR code on every form.
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // Documents: the forms as signed XML and as ODT from the clerks' flat-ODT templates, ODF
        // packaging, QR codes.
        .target(
            name: "HotlineDocuments",
            dependencies: [
                "HotlineCore", "HotlineMail", "HotlineXML", "CQREncode", "SystemZlib",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            // The schema and the default templates are part of the program: `Shipped` links to the
            // top-level templates/ (what clerks read and copy), compiled into the binary, so hotline
            // works from any folder and installed on its own (`ShippedForms`).
            resources: [
                .embedInCode("Shipped/forms.xsd"), .embedInCode("Shipped/approval.fodt"),
                .embedInCode("Shipped/assignment.fodt"), .embedInCode("Shipped/supervision.fodt"),
                .embedInCode("Shipped/feedback.fodt"), .embedInCode("Shipped/README.md"),
            ]
        ),
        // Command line: arguments, configuration, wiring, exit codes. No domain logic.
        .executableTarget(
            name: "hotline",
            dependencies: [
                "HotlineCore", "HotlineStore", "HotlineMail", "HotlineNet", "HotlineDocuments", "HotlineXML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Test support, for the test targets only (no product, nothing in Sources depends on it): the
        // in-memory twins of the ports and the helpers more than one test target uses (the seeded
        // generator, the quiet logger, `CaseEvent.shown`, the answered and signed feedback sheet).
        .target(
            name: "HotlineTestSupport",
            dependencies: [
                "HotlineCore", "HotlineDocuments", "HotlineStore", "HotlineXML",
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "HotlineMailTests", dependencies: ["HotlineMail", "HotlineTestSupport"]),
        .testTarget(name: "HotlineCoreTests", dependencies: [
            "HotlineCore", "HotlineMail", "HotlineTestSupport",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        .testTarget(name: "HotlineStoreTests", dependencies: [
            "HotlineStore", "HotlineCore", "HotlineMail", "HotlineTestSupport",
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "HotlineNetTests", dependencies: [
            "HotlineNet", "HotlineCore", "HotlineStore", "HotlineMail", "HotlineDocuments", "HotlineXML", "HotlineTestSupport",
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        .testTarget(name: "HotlineXMLTests", dependencies: [
            "HotlineXML", "HotlineTestSupport",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        .testTarget(name: "HotlineDocumentsTests", dependencies: [
            "HotlineDocuments", "HotlineXML", "HotlineCore", "HotlineTestSupport", "SystemZlib",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        .testTarget(name: "HotlineCLITests", dependencies: [
            "hotline", "HotlineCore", "HotlineXML", "HotlineDocuments", "HotlineMail", "HotlineTestSupport",
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
    ]
)
