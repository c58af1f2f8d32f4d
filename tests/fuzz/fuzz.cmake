# The fuzz targets need clang's libFuzzer; built only when clang++-14 is present.
#   fuzz_forms  — the core's form loading, submission validation and pattern language
#   fuzz_c_api  — every C ABI entry point that takes outside input; one binary, run
#                 under the name of a target (links made here): fuzz_check_form,
#                 fuzz_validate, fuzz_check_upload, fuzz_quote, fuzz_lifecycle,
#                 fuzz_verdicts, fuzz_similar. Seeds: tests/fuzz/corpus/<target>/.
find_program(CLANGXX NAMES clang++-14 clang++)
if(CLANGXX AND EXISTS /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a)
  file(GLOB FUZZ_ALL_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/shared/*.cpp)
  set(FUZZ_CORE_SOURCES ${FUZZ_ALL_SOURCES})
  list(FILTER FUZZ_CORE_SOURCES EXCLUDE REGEX "c_api[a-z_]*\\.cpp$")
  set(FUZZ_FLAGS -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
      -DJSON_NOEXCEPTION "-DPORTAL_ASSETS_DIR=\"${CMAKE_SOURCE_DIR}/assets\""
      -I${CMAKE_SOURCE_DIR}/shared -isystem ${JSON_INCLUDE_DIR})

  set(FUZZ_SOURCES ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_forms.cpp ${FUZZ_CORE_SOURCES})
  add_custom_command(
    OUTPUT ${CMAKE_BINARY_DIR}/fuzz_forms
    COMMAND ${CLANGXX} ${FUZZ_FLAGS} ${FUZZ_SOURCES} -o ${CMAKE_BINARY_DIR}/fuzz_forms
    DEPENDS ${FUZZ_SOURCES} ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz.cmake
    COMMENT "Building the libFuzzer target fuzz_forms with clang"
    VERBATIM)

  set(FUZZ_C_API_TARGETS fuzz_check_form fuzz_validate fuzz_check_upload fuzz_quote fuzz_lifecycle
      fuzz_verdicts fuzz_similar)
  set(FUZZ_C_API_SOURCES ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_c_api.cpp ${FUZZ_ALL_SOURCES})
  set(FUZZ_C_API_LINKS)
  set(FUZZ_C_API_LINK_COMMANDS)
  foreach(t ${FUZZ_C_API_TARGETS})
    list(APPEND FUZZ_C_API_LINKS ${CMAKE_BINARY_DIR}/${t})
    list(APPEND FUZZ_C_API_LINK_COMMANDS COMMAND ${CMAKE_COMMAND} -E create_symlink fuzz_c_api ${CMAKE_BINARY_DIR}/${t})
  endforeach()
  add_custom_command(
    OUTPUT ${CMAKE_BINARY_DIR}/fuzz_c_api ${FUZZ_C_API_LINKS}
    COMMAND ${CLANGXX} ${FUZZ_FLAGS} ${FUZZ_C_API_SOURCES} -o ${CMAKE_BINARY_DIR}/fuzz_c_api
    ${FUZZ_C_API_LINK_COMMANDS}
    DEPENDS ${FUZZ_C_API_SOURCES} ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz.cmake
    COMMENT "Building the libFuzzer targets over the C ABI (fuzz_c_api) with clang"
    VERBATIM)
  add_custom_target(fuzz_targets ALL DEPENDS ${CMAKE_BINARY_DIR}/fuzz_forms ${CMAKE_BINARY_DIR}/fuzz_c_api)
endif()
