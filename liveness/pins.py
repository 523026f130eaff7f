"""The passive models' pinned files, in a module that imports nothing: the liveness package loads
by them, and the app's model registry (pos_app/vision/model_files.py) names the same bytes with
their source and licence, without importing numpy to read them."""

# name -> (SHA-256 of the upstream file, crop scale)
WEIGHTS = {
    "2.7_80x80_MiniFASNetV2.pth": ("a5eb02e1843f19b5386b953cc4c9f011c3f985d0ee2bb9819eea9a142099bec0", 2.7),
    "4_0_0_80x80_MiniFASNetV1SE.pth": ("84ee1d37d96894d5e82de5a57df044ef80a58be2b218b5ed7cdfd875ec2f5990", 4.0),
}
# graph -> (its SHA-256, crop scale, the weights it is built from)
GRAPHS = {
    "2.7_80x80_MiniFASNetV2.onnx": (
        "40f82204b22417377073ff3570520d90e8a8cb563d6c0348280859bc329f6618",
        2.7,
        "2.7_80x80_MiniFASNetV2.pth",
    ),
    "4_0_0_80x80_MiniFASNetV1SE.onnx": (
        "59eed433f978b5c380eef4a040761c0ddfefb6b38578fc2543f1656b2effaed4",
        4.0,
        "4_0_0_80x80_MiniFASNetV1SE.pth",
    ),
}
