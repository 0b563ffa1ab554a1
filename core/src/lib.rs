//! peerline-core: the pure domain of Peerline.
