"""One record per vendor (clouderrors._vendors): every part of the package that needs vendor
facts knows every vendor listed there, and nothing names a vendor that has no record."""

from __future__ import annotations

import pytest

import clouderrors
from clouderrors import _errors, _lookup, _response, _vendors, error_from_response
from clouderrors._vendors import VENDORS, Dialect
from codegen import catalogue, manifest
from tests.runtime_support import FakeResponse

IDS = [vendor.id for vendor in VENDORS]


@pytest.mark.parametrize("vendor", VENDORS, ids=IDS)
def test_every_part_knows_the_vendor(vendor):
    base = getattr(_errors, vendor.base_class)
    assert issubclass(base, _errors.CloudAPIError) and base.vendor == vendor.id
    assert getattr(clouderrors, vendor.base_class) is base  # public
    assert vendor.id in dir(clouderrors)  # the vendor subpackage loads on first use
    assert getattr(clouderrors, vendor.id).__name__ == f"clouderrors.{vendor.id}"
    assert _lookup.VENDOR_ERRORS[vendor.id] is base
    assert manifest.vendor_bases()[vendor.id] == vendor.base_class
    assert catalogue.VENDOR_TITLES[vendor.id] == vendor.title
    assert (vendor.id in catalogue.SERVICE_PREFIXED_VENDORS) == vendor.service_prefixed_codes
    assert vendor.request_id_headers and vendor.domains and vendor.dialects
    table = {entry.dialect for entry in _response.DIALECTS}
    assert set(vendor.dialects) <= table
    for domain in vendor.domains:
        assert _lookup.service_of_host(f"somesvc.{domain}") == (None, vendor.id)


def test_no_vendor_is_named_without_a_record():
    records = {vendor.id for vendor in VENDORS}
    vendor_classes = {
        cls.__dict__["vendor"]
        for cls in _errors.CloudAPIError.__subclasses__()
        if isinstance(cls.__dict__.get("vendor"), str)
    }
    assert vendor_classes == records
    from clouderrors import _index

    assert set(_index.SERVICES.values()) <= records
    assert set(catalogue.VENDOR_TITLES) == records


def test_each_dialect_is_in_the_table_once_and_spoken_by_one_vendor_at_most():
    table = [entry.dialect for entry in _response.DIALECTS]
    assert sorted(table, key=lambda d: d.value) == sorted(Dialect, key=lambda d: d.value)
    spoken = [dialect for vendor in VENDORS for dialect in vendor.dialects]
    assert len(spoken) == len(set(spoken))
    assert all(_vendors.DIALECT_VENDORS[d] in VENDORS for d in spoken)


@pytest.mark.parametrize(
    "url, vendor_class",
    [
        ("https://cce.cn-north-4.myhuaweicloud.com/api/v1/pods", clouderrors.HuaweiCloudError),
        ("https://cvm.tencentcloudapi.com/", clouderrors.TencentCloudError),
    ],
)
def test_the_dialect_is_chosen_with_the_vendor_in_view(url, vendor_class):
    # A Kubernetes Status body: {"code": 404, "message": str} is also the shape of Tencent API
    # 2.0, but a Huawei host never speaks that dialect.
    body = {"kind": "Status", "status": "Failure", "code": 404, "message": "pods not found"}
    error = error_from_response(FakeResponse(404, body, url=url))
    assert isinstance(error, vendor_class) and isinstance(error, clouderrors.NotFoundError)
    assert error.code == "404" and error.message == "pods not found"
    if vendor_class is clouderrors.HuaweiCloudError:
        assert not isinstance(error, clouderrors.TencentCloudError)
        assert error.module_code is None  # read only in the Tencent API 2.0 dialect


def test_service_argument_is_vendor_evidence():
    body = {"code": 5100, "message": "20108:Channel is not in an editable status"}
    error = error_from_response(FakeResponse(400, body), service="huaweicloud.lts")
    assert isinstance(error, clouderrors.huaweicloud.lts.LTSError)
    assert error.module_code is None
    error = error_from_response(FakeResponse(400, body))
    assert isinstance(error, clouderrors.TencentCloudError) and error.module_code == "20108"
