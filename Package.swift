// swift-tools-version: 6.1
import PackageDescription

// Dependencies point one way: HotlineMail (pure MIME) ← HotlineCore (domain) ← HotlineStore
// (SQLite, files, configuration) ← hotline (command line). See README "Layout".
let package = Package(
    name: "hotline",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hotline", targets: ["hotline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
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
            ]
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
        // Command line: arguments, configuration, wiring, exit codes. No domain logic.
        .executableTarget(
            name: "hotline",
            dependencies: [
                "HotlineCore", "HotlineStore", "HotlineMail", "HotlineNet",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "HotlineMailTests", dependencies: ["HotlineMail"]),
        .testTarget(name: "HotlineCoreTests", dependencies: [
            "HotlineCore", "HotlineMail",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        .testTarget(name: "HotlineStoreTests", dependencies: [
            "HotlineStore", "HotlineCore", "HotlineMail",
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        .testTarget(name: "HotlineNetTests", dependencies: ["HotlineNet", "HotlineCore", "HotlineStore", "HotlineMail"]),
        .testTarget(name: "HotlineCLITests", dependencies: ["hotline"]),
    ]
)
