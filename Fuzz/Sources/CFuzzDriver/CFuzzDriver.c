// The declaration is all this target provides; libFuzzer defines LLVMFuzzerRunDriver.
#include "CFuzzDriver.h"
