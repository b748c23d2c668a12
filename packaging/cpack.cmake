# The .deb: `cmake --build build --target package` (or `cpack -G DEB` in the build folder).
# Runtime dependencies come from dpkg-shlibdeps (the Debian runtime libraries the binaries link,
# never -dev packages), plus what is loaded at run time rather than linked: OpenBLAS (LibTorch's
# generic BLAS is ~40x slower without it; the programs load the OpenMP build through their RPATH and
# fall back to the system's libblas.so.3, the pthreads build) and Qt's platform plugins (the window
# system's xcb/wayland).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME causeway)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The Causeway developers")
set(CPACK_PACKAGE_CONTACT "The Causeway developers <causeway@causeway.io>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "interpretability workbench for transformer language models")
set(CPACK_PACKAGE_DESCRIPTION "Causeway opens HuggingFace model folders and runs activation patching,
causal tracing and pyvene-style interventions natively, with a Qt workbench (causeway) and a
command-line tool (causeway-cli). Experiments export as configs and scripts that pyvene re-runs.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-pthread, qt6-qpa-plugins")
if(CAUSEWAY_RPATH_BLAS_DIR)
  string(PREPEND CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-openmp, ")
endif()
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://causeway.io")
set(CPACK_STRIP_FILES ON)
include(CPack)
