// The app's state and navigation. Views read it and return intents; the app
// turns intents into requests and replies into state.
#pragma once
#include <optional>
#include <string>

#include "policy.h"

namespace app {

enum class LoadState { Loading, Ready, Failed };

struct State {
    LoadState policy_state = LoadState::Loading;
    std::optional<portal::Policy> policy;
    std::string load_error;
    std::string scratch_text;              // the home screen's "try typing" field
    bool dark_theme = false;
};

void start();                               // kicks off the first requests
void frame();                               // draws the current view
State& state();

}  // namespace app
