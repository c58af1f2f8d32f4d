# The fuzz target needs clang's libFuzzer; built only when clang++-14 is present.
find_program(CLANGXX NAMES clang++-14 clang++)
if(CLANGXX AND EXISTS /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a)
  file(GLOB FUZZ_CORE_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/shared/*.cpp)
  list(FILTER FUZZ_CORE_SOURCES EXCLUDE REGEX "c_api[a-z_]*\\.cpp$")
  set(FUZZ_SOURCES ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_forms.cpp ${FUZZ_CORE_SOURCES})
  add_custom_command(
    OUTPUT ${CMAKE_BINARY_DIR}/fuzz_forms
    COMMAND ${CLANGXX} -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
            -DJSON_NOEXCEPTION "-DPORTAL_ASSETS_DIR=\"${CMAKE_SOURCE_DIR}/assets\""
            -I${CMAKE_SOURCE_DIR}/shared -isystem ${JSON_INCLUDE_DIR}
            ${FUZZ_SOURCES} -o ${CMAKE_BINARY_DIR}/fuzz_forms
    DEPENDS ${FUZZ_SOURCES} ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz.cmake
    COMMENT "Building the libFuzzer target fuzz_forms with clang"
    VERBATIM)
  add_custom_target(fuzz_forms_target ALL DEPENDS ${CMAKE_BINARY_DIR}/fuzz_forms)
endif()
