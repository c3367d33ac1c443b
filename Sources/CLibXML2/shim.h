#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
/* pkg-config libxml-2.0 adds -I/usr/include/libxml2. */
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU; its <unicode/ucnv.h> clashes with Foundation's own ICU module
   ("'UErrorCode' has different definitions"). hotline never touches ICU types: hide them. Never allocate
   or copy xmlCharEncodingHandler from Swift (it loses its trailing uconv fields in this view). */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/c14n.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlsave.h>
#include <libxml/xpath.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>

/* xmlFree is a global function pointer, xmlParserVersion a macro: wrap them. */
static inline const char *clibxml2_parser_version(void) { return xmlParserVersion; }
static inline void clibxml2_free(void *p) { xmlFree(p); }
#endif
