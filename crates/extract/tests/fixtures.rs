//! Full extraction output on fixture articles we wrote in several portal
//! styles (SharePoint-like province portal, a newspaper, a DotNetNuke-like
//! district portal), snapshotted with insta, plus their metadata checked
//! field by field.

use std::path::Path;

use vnfacts_extract::pipeline::{self, Input};
use vnfacts_extract::Extractor;

fn extract(name: &str) -> vnfacts_extract::Article {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/fixtures/articles")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    let ex = Extractor::embedded().expect("rules load");
    pipeline::process(
        &ex,
        Input {
            name: name.into(),
            text,
            ..Input::default()
        },
        false,
        false,
    )
    .article
}

#[test]
fn snapshots_of_fixture_articles() {
    for name in ["portal_sharepoint.txt", "newspaper.txt", "district_dnn.txt"] {
        let article = extract(name);
        insta::assert_json_snapshot!(name, article);
    }
}

#[test]
fn metadata_of_fixture_articles() {
    let cases = [
        (
            "portal_sharepoint.txt",
            "Huyện Yên Thế tổ chức tập huấn nghiệp vụ hòa giải ở cơ sở năm 2024",
            "2024-03-12T08:30",
            "Ngọc Anh",
            "Bắc Giang",
        ),
        (
            "newspaper.txt",
            "Quảng Trị: Hơn 1,2 tỷ đồng giúp phụ nữ nghèo khởi nghiệp",
            "2023-09-08T16:45",
            "Nguyễn Hoàng",
            "Quảng Trị",
        ),
        (
            "district_dnn.txt",
            "Văn Bàn triển khai Luật Phòng, chống ma túy năm 2021 đến cán bộ chủ chốt",
            "2023-06-05T14:20",
            "Kim Oanh - Trung tâm VHTT&TT huyện",
            "Lào Cai",
        ),
    ];
    for (name, title, published, author, province) in cases {
        let m = extract(name).meta;
        assert_eq!(m.title.as_deref(), Some(title), "{name} title");
        assert_eq!(m.published.as_deref(), Some(published), "{name} published");
        assert_eq!(m.author.as_deref(), Some(author), "{name} author");
        assert_eq!(m.province.as_deref(), Some(province), "{name} province");
    }
}
