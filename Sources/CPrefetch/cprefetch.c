// Everything is in the header (static inline); SwiftPM wants a source file.
#include "cprefetch.h"
