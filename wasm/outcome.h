// What an action led to, in the server's words; drawn next to the control that caused it.
#pragma once
#include <string>

namespace app {

struct Outcome {
    std::string text;
    bool failed = false;
};

}  // namespace app
