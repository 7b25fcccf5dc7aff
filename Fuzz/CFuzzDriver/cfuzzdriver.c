// Header-only: the declaration of libFuzzer's driver (see include/cfuzzdriver.h).
#include "cfuzzdriver.h"
