# The browser app (included from CMakeLists.txt under emcmake).
if(NOT EXISTS "${IMGUI_DIR}/imgui.cpp")
  message(FATAL_ERROR "Dear ImGui source not found in ${IMGUI_DIR}: run scripts/install.sh")
endif()

add_library(imgui STATIC
  ${IMGUI_DIR}/imgui.cpp ${IMGUI_DIR}/imgui_draw.cpp ${IMGUI_DIR}/imgui_widgets.cpp
  ${IMGUI_DIR}/imgui_tables.cpp ${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${IMGUI_DIR} ${IMGUI_DIR}/backends)
target_compile_definitions(imgui PUBLIC IMGUI_IMPL_OPENGL_ES3 IMGUI_DISABLE_OBSOLETE_FUNCTIONS
                                        IMGUI_DISABLE_DEFAULT_FONT IMGUI_DISABLE_FILE_FUNCTIONS)

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
foreach(flag IN ITEMS -Os -flto)
  target_compile_options(app PRIVATE ${flag})
  target_compile_options(imgui PRIVATE ${flag})
  target_compile_options(portal_core PRIVATE ${flag})
  target_link_options(app PRIVATE ${flag})
endforeach()

# The site: our shell, styles, assets and the UI fonts from Debian's package.
set(FONT_DIR /usr/share/fonts/truetype/open-sans)
foreach(font OpenSans-Regular.ttf OpenSans-Semibold.ttf)
  if(NOT EXISTS "${FONT_DIR}/${font}")
    message(FATAL_ERROR "${FONT_DIR}/${font} not found: run scripts/install.sh (package fonts-open-sans)")
  endif()
endforeach()
add_custom_target(site ALL
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_SOURCE_DIR}/web ${SITE_DIR}
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_SOURCE_DIR}/assets ${SITE_DIR}/assets
  COMMAND ${CMAKE_COMMAND} -E make_directory ${SITE_DIR}/fonts
  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${FONT_DIR}/OpenSans-Regular.ttf ${FONT_DIR}/OpenSans-Semibold.ttf ${SITE_DIR}/fonts
  COMMENT "Assembling the site in ${SITE_DIR}")
add_dependencies(app site)
