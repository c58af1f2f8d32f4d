# The browser app (included from CMakeLists.txt under emcmake).
if(NOT EXISTS "${IMGUI_DIR}/imgui.cpp")
  message(FATAL_ERROR "Dear ImGui source not found in ${IMGUI_DIR}: run scripts/install.sh")
endif()

add_library(imgui STATIC
  ${IMGUI_DIR}/imgui.cpp ${IMGUI_DIR}/imgui_draw.cpp ${IMGUI_DIR}/imgui_widgets.cpp
  ${IMGUI_DIR}/imgui_tables.cpp ${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${IMGUI_DIR} ${IMGUI_DIR}/backends)
target_compile_definitions(imgui PUBLIC IMGUI_IMPL_OPENGL_ES3 IMGUI_DISABLE_OBSOLETE_FUNCTIONS
                                        IMGUI_DISABLE_DEFAULT_FONT IMGUI_DISABLE_FILE_FUNCTIONS
                                        IMGUI_USE_WCHAR32)   # characters above U+FFFF survive

file(GLOB_RECURSE APP_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/wasm/*.cpp)
add_executable(app ${APP_SOURCES})
target_include_directories(app PRIVATE ${CMAKE_SOURCE_DIR}/wasm)
target_link_libraries(app PRIVATE portal_core imgui)
target_compile_options(app PRIVATE ${PROJECT_WARNINGS} -Wno-dollar-in-identifier-extension)

set(SITE_DIR "${CMAKE_BINARY_DIR}/site")
set_target_properties(app PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${SITE_DIR}" SUFFIX ".js")
target_link_options(app PRIVATE
  -sMAX_WEBGL_VERSION=2 -sMIN_WEBGL_VERSION=2 -sALLOW_MEMORY_GROWTH=1 -sENVIRONMENT=web
  -sFILESYSTEM=0 -sEXIT_RUNTIME=0 -sDYNAMIC_EXECUTION=0 -sINITIAL_MEMORY=33554432
  -sEXPORTED_FUNCTIONS=_main,_malloc,_free
  -sEXPORTED_RUNTIME_METHODS=UTF8ToString,stringToUTF8,lengthBytesUTF8)
# The JavaScript halves of the platform layer, in the module's scope.
file(GLOB PLATFORM_JS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/wasm/platform/js/*.js)
foreach(js IN LISTS PLATFORM_JS)
  target_link_options(app PRIVATE "SHELL:--pre-js ${js}")
endforeach()
set_property(TARGET app APPEND PROPERTY LINK_DEPENDS ${PLATFORM_JS})
foreach(flag IN ITEMS -Os -flto)
  target_compile_options(app PRIVATE ${flag})
  target_compile_options(imgui PRIVATE ${flag})
  target_compile_options(portal_core PRIVATE ${flag})
  target_link_options(app PRIVATE ${flag})
endforeach()

# The site: our shell, styles, assets, and the UI fonts from Debian's package cut down
# to Latin (the browser draws other text), with brotli copies for the server to send.
# The scripts need Debian's python3-fonttools / python3-brotli, hence Debian's python.
set(FONT_DIR /usr/share/fonts/truetype/open-sans)
set(SITE_PYTHON /usr/bin/python3 CACHE FILEPATH "Python with Debian's python3-fonttools and python3-brotli")
foreach(font OpenSans-Regular.ttf OpenSans-Semibold.ttf)
  if(NOT EXISTS "${FONT_DIR}/${font}")
    message(FATAL_ERROR "${FONT_DIR}/${font} not found: run scripts/install.sh (package fonts-open-sans)")
  endif()
endforeach()
foreach(module fontTools.subset brotli)
  execute_process(COMMAND ${SITE_PYTHON} -c "import ${module}" RESULT_VARIABLE missing OUTPUT_QUIET ERROR_QUIET)
  if(missing)
    message(FATAL_ERROR "${SITE_PYTHON} cannot import ${module}: run scripts/install.sh "
                        "(packages python3-fonttools, python3-brotli)")
  endif()
endforeach()
set(SITE_FONTS "")
foreach(font OpenSans-Regular.ttf OpenSans-Semibold.ttf)
  add_custom_command(OUTPUT ${SITE_DIR}/fonts/${font}
    COMMAND ${SITE_PYTHON} ${CMAKE_SOURCE_DIR}/scripts/subset_fonts.py ${FONT_DIR}/${font} ${SITE_DIR}/fonts/${font}
    DEPENDS ${FONT_DIR}/${font} ${CMAKE_SOURCE_DIR}/scripts/subset_fonts.py
    COMMENT "Subsetting ${font} to Latin")
  list(APPEND SITE_FONTS ${SITE_DIR}/fonts/${font})
endforeach()
add_custom_target(site ALL
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_SOURCE_DIR}/web ${SITE_DIR}
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_SOURCE_DIR}/assets ${SITE_DIR}/assets
  DEPENDS ${SITE_FONTS}
  COMMENT "Assembling the site in ${SITE_DIR}")
add_dependencies(app site)
# After the link: the script redoes only files whose bytes changed.
add_custom_target(site_brotli ALL
  COMMAND ${SITE_PYTHON} ${CMAKE_SOURCE_DIR}/scripts/precompress.py ${SITE_DIR}
  COMMENT "Brotli copies of the site's files")
add_dependencies(site_brotli app site)
