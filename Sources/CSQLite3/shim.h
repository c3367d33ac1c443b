#ifndef CSQLITE3_SHIM_H
#define CSQLITE3_SHIM_H
/* The system SQLite that GRDB also links: used for incremental BLOB I/O, which GRDB has no API for. */
#include <sqlite3.h>
#endif
