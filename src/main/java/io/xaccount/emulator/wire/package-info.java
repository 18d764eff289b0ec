/**
 * The AWS Query protocol over HTTP: the handler that resolves the caller from the SigV4 header,
 * decodes the form ({@code QueryRequest}), checks IAM's input constraints, asks the evaluator and
 * the knobs, dispatches to the registered action ({@code ActionRegistry}) and writes the XML answer
 * ({@code Xml}, {@code IamXml}, {@code Pages}); and how a request names its resource and request
 * context ({@code ResourceArns}, {@code RequestContexts}). It may use the model, the evaluation and
 * the knobs, never the actions that register with it.
 */
package io.xaccount.emulator.wire;
