"""Shipped model files and the shared ONNX encoder runtime."""
