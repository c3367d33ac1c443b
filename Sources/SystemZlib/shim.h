// The system zlib, for inflating ZIP entries (ZIPReader) and their CRC-32 — declared as our own
// system library rather than borrowing ZIPFoundation's internal module.
#include <zlib.h>
