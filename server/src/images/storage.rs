//! Where image files live, behind one interface (object_store): the local filesystem under
//! `<data-dir>/media` by default, S3-compatible object storage at scale (`--object-store-url
//! s3://bucket?endpoint=http://127.0.0.1:9000`, credentials from the usual `AWS_*` variables), which several
//! instances share. Files are named by the hash of their bytes, so a put never changes what a name means.

use std::path::Path as FsPath;
use std::sync::Arc;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

#[derive(Clone)]
pub struct Media {
    store: Arc<dyn ObjectStore>,
    description: String,
}

impl std::fmt::Debug for Media {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.description)
    }
}

/// A stored file's name and age (for the orphan sweep).
pub struct StoredFile {
    pub key: String,
    pub last_modified: DateTime<Utc>,
}

impl Media {
    /// The configured store: `url` (an `s3://bucket?endpoint=…&region=…` URL) or the data directory's
    /// `media` folder.
    pub fn open(data_dir: &FsPath, url: Option<&str>) -> anyhow::Result<Media> {
        match url.map(str::trim).filter(|u| !u.is_empty()) {
            None => {
                let dir = data_dir.join("media");
                std::fs::create_dir_all(&dir)?;
                let store = LocalFileSystem::new_with_prefix(&dir)?;
                Ok(Media { store: Arc::new(store), description: format!("files under {}", dir.display()) })
            }
            Some(raw) => {
                let parsed = url::Url::parse(raw)
                    .map_err(|e| anyhow::anyhow!("IDEASHELF_OBJECT_STORE_URL is not a URL ({e})"))?;
                if parsed.scheme() != "s3" {
                    anyhow::bail!("IDEASHELF_OBJECT_STORE_URL must be s3://bucket[?endpoint=…&region=…]");
                }
                let bucket = parsed
                    .host_str()
                    .filter(|b| !b.is_empty())
                    .ok_or_else(|| anyhow::anyhow!("the object store URL names no bucket"))?;
                let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
                let mut endpoint = None;
                for (k, v) in parsed.query_pairs() {
                    match k.as_ref() {
                        "endpoint" => {
                            builder = builder.with_endpoint(v.to_string()).with_allow_http(v.starts_with("http://"));
                            endpoint = Some(v.to_string());
                        }
                        "region" => builder = builder.with_region(v.to_string()),
                        other => anyhow::bail!("the object store URL has an unknown setting {other:?}"),
                    }
                }
                let store = builder.build()?;
                let description = match endpoint {
                    Some(e) => format!("S3 bucket {bucket} at {e}"),
                    None => format!("S3 bucket {bucket}"),
                };
                Ok(Media { store: Arc::new(store), description })
            }
        }
    }

    pub fn describe(&self) -> &str {
        &self.description
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> object_store::Result<()> {
        self.store.put(&Path::from(key), PutPayload::from(bytes)).await.map(|_| ())
    }

    /// The file's bytes; `None` when there is no such file.
    pub async fn get(&self, key: &str) -> object_store::Result<Option<Bytes>> {
        match self.store.get(&Path::from(key)).await {
            Ok(found) => found.bytes().await.map(Some),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Deletes a file; one already gone is fine.
    pub async fn delete(&self, key: &str) -> object_store::Result<()> {
        match self.store.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Every stored file.
    pub async fn list(&self) -> object_store::Result<Vec<StoredFile>> {
        let mut out = Vec::new();
        let mut listing = self.store.list(None);
        while let Some(meta) = listing.next().await {
            let meta = meta?;
            out.push(StoredFile { key: meta.location.to_string(), last_modified: meta.last_modified });
        }
        Ok(out)
    }
}
