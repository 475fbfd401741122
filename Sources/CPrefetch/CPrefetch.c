// CPrefetch is header-only (static inline functions in include/CPrefetch.h); a C target needs one
// source file.
#include "CPrefetch.h"
