/** Imported before the SDK: it warns about Node 20 unless told not to. */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
