import CLibXML2

/// The libxml2 hotline runs on, for `hotline --version` style reports and test logs.
public enum LibXML2 {
    public static var version: String { String(cString: clibxml2_parser_version()) }
}
